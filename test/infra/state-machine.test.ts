import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_STATES, LIFECYCLE_TASK_HANDLERS, NEXT_STEPS } from '../../infra/request-workflow.js';
import { SETTLEMENT_STATES, SETTLEMENT_TASK_HANDLERS } from '../../infra/settlement-workflow.js';
import { loadDistrictConfigs, synthesizeDistrict } from '../../infra/synthesize.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import {
  executionStatusRules,
  STATE_MACHINE_PREFIXES,
  stateMachineDefinition,
  stateMachineLogicalId,
  tableDefinitions,
  streamMappings,
} from '../../local/synthesized-template.js';
import { matchesPattern } from '../../local/local-stream.js';

type Json = Record<string, unknown>;
interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Json;
  ResultPath?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Next?: string;
  End?: boolean;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number; BackoffRate?: number; IntervalSeconds?: number }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  Choices?: { Variable: string; StringEquals: string; Next: string }[];
  Default?: string;
  QueryLanguage?: string;
}
interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: string;
}

// asl-validator is CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

const config = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'lvyuan',
) as DistrictConfig;
let template: Json;
let definition: Asl;

beforeAll(() => {
  template = synthesizeDistrict(config);
  definition = stateMachineDefinition(template, {
    logicalId: stateMachineLogicalId(template, STATE_MACHINE_PREFIXES.lifecycle),
  }) as unknown as Asl;
});

function state(name: string): AslState {
  const found = definition.States[name];
  if (!found) throw new Error(`no state ${name}`);
  return found;
}

const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];
const FUNCTION_ARN = /^arn:aws:lambda:us-east-1:123456789012:function:/;

describe('the request lifecycle definition', () => {
  it('is valid Amazon States Language, paths and ARNs included', () => {
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('has exactly the lifecycle states, starting with AssignToLeader', () => {
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(LIFECYCLE_STATES).sort());
    expect(definition.StartAt).toBe('AssignToLeader');
  });

  it('stays on JSONPath (the local engine has no JSONata)', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    for (const [name, each] of Object.entries(definition.States)) {
      expect(each.QueryLanguage ?? 'JSONPath', name).toBe('JSONPath');
    }
  });

  it('resolves every reference to a well-formed fake ARN', () => {
    const text = JSON.stringify(definition);
    expect(text).not.toMatch(/Fn::|"Ref"|\$\{/);
    expect(state('AwaitLeader').Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
  });

  describe.each([
    ['AssignToLeader', 'AssignLeaderFunction', 'AwaitLeader'],
    ['Escalate', 'EscalateFunction', 'NextStep'],
    ['AutoConfirm', 'AutoConfirmFunction', 'NextStep'],
  ])('%s', (name, functionPrefix, next) => {
    it('invokes its step handler with the request id and keeps the answer in $.step', () => {
      expect(state(name)).toMatchObject({
        Type: 'Task',
        Parameters: { 'requestId.$': '$.requestId' },
        ResultPath: '$.step',
        Next: next,
      });
      expect(state(name).Resource).toMatch(FUNCTION_ARN);
      expect(state(name).Resource?.split(':function:')[1]).toMatch(new RegExp(`^${functionPrefix}`));
    });

    it('retries Lambda errors and its own (idempotent) failures with backoff', () => {
      const [retry, ...others] = state(name).Retry ?? [];
      expect(others).toEqual([]);
      expect(retry?.ErrorEquals.sort()).toEqual([...LAMBDA_SERVICE_ERRORS, 'States.TaskFailed'].sort());
      // 2 + 4 + 8 + 16 + 32 s: a minute of an outage before the execution fails and is restarted.
      expect(retry).toMatchObject({ MaxAttempts: 5, IntervalSeconds: 2, BackoffRate: 2 });
      expect(retry?.BackoffRate).toBeGreaterThan(1);
    });
  });

  describe.each([
    ['AwaitLeader', 'leader', 'Escalate'],
    ['AwaitResident', 'resident', 'AutoConfirm'],
  ])('%s', (name, awaiting, onTimeout) => {
    it('hands its task token to await-callback and waits for the SLA timeout from $.step', () => {
      const wait = state(name);
      expect(wait.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
      expect(wait.Parameters?.FunctionName).toMatch(FUNCTION_ARN);
      expect(String(wait.Parameters?.FunctionName).split(':function:')[1]).toMatch(/^AwaitCallbackFunction/);
      expect(wait.Parameters?.Payload).toEqual({
        'requestId.$': '$.requestId',
        'token.$': '$$.Task.Token',
        awaiting,
        'version.$': '$.step.version',
        // Also handed to await-callback: the local engine times its waits with it.
        'timeoutSeconds.$': '$.step.timeoutSeconds',
      });
      expect(wait.TimeoutSecondsPath).toBe('$.step.timeoutSeconds');
      expect(wait.TimeoutSeconds).toBeUndefined();
      expect(wait.ResultPath).toBe('$.step');
      expect(wait.Next).toBe('NextStep');
    });

    it(`goes to ${onTimeout} when the wait times out, keeping the error in $.timedOut`, () => {
      expect(state(name).Catch).toEqual([
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: onTimeout },
      ]);
    });

    it('retries Lambda’s and the handler’s failures (States.TaskFailed), never a timeout', () => {
      const errors = (state(name).Retry ?? []).flatMap((retry) => retry.ErrorEquals);
      expect(errors.sort()).toEqual([...LAMBDA_SERVICE_ERRORS, 'States.TaskFailed'].sort());
      expect(errors).not.toContain('States.ALL');
    });
  });

  it('routes NextStep on $.step.next, and fails on anything else', () => {
    const choice = state('NextStep');
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([
      { Variable: '$.step.next', StringEquals: NEXT_STEPS.awaitLeader, Next: 'AwaitLeader' },
      { Variable: '$.step.next', StringEquals: NEXT_STEPS.escalate, Next: 'Escalate' },
      { Variable: '$.step.next', StringEquals: NEXT_STEPS.awaitResident, Next: 'AwaitResident' },
      { Variable: '$.step.next', StringEquals: NEXT_STEPS.closed, Next: 'Closed' },
    ]);
    expect(choice.Default).toBe('UnknownStep');
    expect(state('UnknownStep').Type).toBe('Fail');
    expect(state('Closed').Type).toBe('Succeed');
  });

  it('names a handler for every Task state', () => {
    const tasks = Object.entries(definition.States).filter(([, each]) => each.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual(Object.keys(LIFECYCLE_TASK_HANDLERS).sort());
  });
});

describe('the lifecycle on the local engine', () => {
  function timeout(): Error {
    const error = new Error('no answer within the SLA');
    error.name = 'States.Timeout';
    // As Step Functions' own: States.TaskFailed in a Retry never matches it (the engine reads this flag).
    return Object.assign(error, { isRetryable: false });
  }

  /**
   * aws-local-stepfunctions reads TimeoutSecondsPath from the task's effective input (after
   * Parameters) where AWS reads the state input, so point it at the same value in the Payload.
   */
  function forLocalEngine(asl: Asl): Asl {
    const copy = structuredClone(asl);
    for (const name of ['AwaitLeader', 'AwaitResident']) {
      const wait = copy.States[name] as AslState;
      expect(wait.TimeoutSecondsPath).toBe('$.step.timeoutSeconds');
      wait.TimeoutSecondsPath = '$.Payload.timeoutSeconds';
    }
    return copy;
  }

  function run(handlers: Record<string, (input: Json) => Promise<unknown>>) {
    const machine = new StateMachine(forLocalEngine(definition) as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
    const visited: string[] = [];
    type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
    const tracked: LocalHandlers = Object.fromEntries(
      Object.entries(handlers).map(([name, handler]) => [
        name,
        async (input: unknown) => {
          visited.push(name);
          return (await handler(input as Json)) as Awaited<ReturnType<LocalHandlers[string]>>;
        },
      ]),
    );
    const execution = machine.run(
      { requestId: 'R1' },
      { overrides: { taskResourceLocalHandlers: tracked }, context: { Task: { Token: 'token-1' } } },
    );
    return { result: execution.result, visited };
  }

  it('escalates when the leader stays silent, and closes when the resident confirms', async () => {
    let leaderWaits = 0;
    const { result, visited } = run({
      AssignToLeader: async () => ({ next: 'await-leader', version: 1, timeoutSeconds: 60 }),
      AwaitLeader: async () => {
        leaderWaits += 1;
        if (leaderWaits === 1) throw timeout();
        return { next: 'await-resident', version: 3, timeoutSeconds: 60 };
      },
      Escalate: async (input) => {
        expect(input).toEqual({ requestId: 'R1' });
        return { next: 'await-leader', version: 2, timeoutSeconds: 60 };
      },
      AwaitResident: async () => ({ next: 'closed', version: 4 }),
      AutoConfirm: async () => ({ next: 'closed', version: 4 }),
    });
    await expect(result).resolves.toMatchObject({ requestId: 'R1', step: { next: 'closed' } });
    expect(visited).toEqual(['AssignToLeader', 'AwaitLeader', 'Escalate', 'AwaitLeader', 'AwaitResident']);
  });

  it('auto-confirms when the resident stays silent', async () => {
    const { result, visited } = run({
      AssignToLeader: async () => ({ next: 'await-leader', version: 1, timeoutSeconds: 60 }),
      AwaitLeader: async () => ({ next: 'await-resident', version: 2, timeoutSeconds: 60 }),
      Escalate: async () => ({ next: 'closed', version: 9 }),
      AwaitResident: async () => {
        throw timeout();
      },
      AutoConfirm: async () => ({ next: 'closed', version: 3 }),
    });
    await expect(result).resolves.toMatchObject({
      step: { next: 'closed', version: 3 },
      timedOut: { Error: 'States.Timeout' },
    });
    expect(visited).toEqual(['AssignToLeader', 'AwaitLeader', 'AwaitResident', 'AutoConfirm']);
  });

  it('retries a wait whose handler failed storing its token (DynamoDB throttled), instead of ending the lifecycle', async () => {
    let residentWaits = 0;
    const { result, visited } = run({
      AssignToLeader: async () => ({ next: 'await-leader', version: 1, timeoutSeconds: 60 }),
      AwaitLeader: async () => ({ next: 'await-resident', version: 2, timeoutSeconds: 60 }),
      Escalate: async () => ({}),
      AwaitResident: async () => {
        residentWaits += 1;
        if (residentWaits > 1) return { next: 'closed', version: 3 };
        const throttled = new Error(
          'The level of configured provisioned throughput for the table was exceeded',
        );
        throttled.name = 'ProvisionedThroughputExceededException';
        throw throttled;
      },
      AutoConfirm: async () => ({}),
    });
    await expect(result).resolves.toMatchObject({ step: { next: 'closed', version: 3 } });
    expect(visited).toEqual(['AssignToLeader', 'AwaitLeader', 'AwaitResident', 'AwaitResident']);
  });

  it('fails with UnknownStep on a next step it does not know', async () => {
    const { result } = run({
      AssignToLeader: async () => ({ next: 'await-leader', version: 1, timeoutSeconds: 60 }),
      AwaitLeader: async () => ({ next: 'teleport', version: 2 }),
      Escalate: async () => ({}),
      AwaitResident: async () => ({}),
      AutoConfirm: async () => ({}),
    });
    await expect(result).rejects.toThrow(/does not know/);
  });
});

describe('tables from the synthesized template', () => {
  it('are the deployed table: logical id as name, same keys and GSIs, on demand', () => {
    const tables = tableDefinitions(template);
    expect(tables).toHaveLength(1);
    const [table] = tables;
    expect(table?.TableName).toMatch(/^DistrictTable/);
    expect(table?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      'GSI1',
      'GSI2',
      'GSI3',
      'GSI4',
    ]);
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    const deployed = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Json }>,
    ).find((resource) => resource.Type === 'AWS::DynamoDB::Table');
    expect(table?.GlobalSecondaryIndexes).toEqual(deployed?.Properties.GlobalSecondaryIndexes);
    expect(table?.GlobalSecondaryIndexes?.[0]?.KeySchema).toEqual([
      { AttributeName: 'GSI1PK', KeyType: 'HASH' },
      { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
    ]);
    expect(table?.AttributeDefinitions).toHaveLength(10);
  });
});

describe('the table stream’s consumers', () => {
  const record = (eventName: string, sk: string, type: string) => ({
    eventName,
    dynamodb: { Keys: { PK: { S: 'X#1' }, SK: { S: sk } }, NewImage: { SK: { S: sk }, type: { S: type } } },
  });
  const mapping = (prefix: string) => {
    const found = streamMappings(template).filter((candidate) =>
      candidate.functionLogicalId.startsWith(prefix),
    );
    expect(found, prefix).toHaveLength(1);
    return found[0]!.patterns as Record<string, unknown>[];
  };
  const lets = (patterns: Record<string, unknown>[], event: unknown) =>
    patterns.some((pattern) => matchesPattern(pattern, event));

  it('are four: the delivery processor, the lifecycle starter, the notifications publisher and the notice fan-out', () => {
    expect(streamMappings(template)).toHaveLength(4);
  });

  // Not a stream, but an event source the local stack plays from the template the same way.
  it('and the one Execution Status Change rule the local stack plays: FAILED or TIMED_OUT restarts', () => {
    const rules = executionStatusRules(template);
    expect(rules).toHaveLength(1);
    expect(rules[0]!.functionLogicalId).toMatch(/^RequestLifecycleRestartLifecycle/);
    expect(rules[0]!.statuses).toEqual(['FAILED', 'TIMED_OUT']);
  });

  it('hand the delivery processor new deliveries only', () => {
    const patterns = mapping('IntakeProcessDeliveries');
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['delivery'] } } } },
    ]);
    expect(lets(patterns, record('INSERT', 'DELIVERY', 'delivery'))).toBe(true);
    expect(lets(patterns, record('MODIFY', 'DELIVERY', 'delivery'))).toBe(false);
    expect(lets(patterns, record('INSERT', 'REQUEST', 'request'))).toBe(false);
  });

  it('hand the notice fan-out new notices only', () => {
    const patterns = mapping('NoticesFanOut');
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['notice'] } } } },
    ]);
    expect(lets(patterns, record('INSERT', 'NOTICE', 'notice'))).toBe(true);
    expect(lets(patterns, record('MODIFY', 'NOTICE', 'notice'))).toBe(false);
    expect(lets(patterns, record('INSERT', 'READER#p-1', 'notice-reader'))).toBe(false);
  });

  it('hand the lifecycle starter new requests only, whatever stored them', () => {
    const patterns = mapping('RequestLifecycleStartLifecycle');
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: ['REQUEST'] } } } }]);
    expect(lets(patterns, record('INSERT', 'REQUEST', ''))).toBe(true);
    expect(lets(patterns, record('MODIFY', 'REQUEST', ''))).toBe(false);
    expect(lets(patterns, record('INSERT', 'EVT#00000001', ''))).toBe(false);
  });

  it('hand the notifications publisher new message items only', () => {
    const patterns = mapping('NotificationsPublishNotifications');
    expect(lets(patterns, record('INSERT', 'MSG#assigned:r1:v1:p1', 'message'))).toBe(true);
    expect(lets(patterns, record('MODIFY', 'MSG#assigned:r1:v1:p1', 'message'))).toBe(false);
    expect(lets(patterns, record('INSERT', 'REQUEST', 'request'))).toBe(false);
  });
});

describe('the monthly settlement definition', () => {
  let settlement: Asl & {
    States: Record<string, AslState & { ItemProcessor?: Asl; MaxConcurrency?: number; ItemsPath?: string }>;
  };
  beforeAll(() => {
    settlement = stateMachineDefinition(template, {
      logicalId: stateMachineLogicalId(template, STATE_MACHINE_PREFIXES.settlement),
    }) as unknown as typeof settlement;
  });

  it('is valid Amazon States Language, paths and ARNs included', () => {
    const result = aslValidator(structuredClone(settlement), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('starts, settles each community in a Map, ranks the district, notifies each community in a Map, finishes', () => {
    expect(settlement.StartAt).toBe(SETTLEMENT_STATES.startSettlement);
    const inner = (map: string) => Object.keys(settlement.States[map]?.ItemProcessor?.States ?? {});
    expect(Object.keys(settlement.States).sort()).toEqual(
      Object.values(SETTLEMENT_STATES)
        .filter(
          (name) => name !== SETTLEMENT_STATES.settleCommunity && name !== SETTLEMENT_STATES.notifyCommunity,
        )
        .sort(),
    );
    expect(inner(SETTLEMENT_STATES.settleCommunities)).toEqual([SETTLEMENT_STATES.settleCommunity]);
    expect(inner(SETTLEMENT_STATES.notifyCommunities)).toEqual([SETTLEMENT_STATES.notifyCommunity]);
    for (const map of [SETTLEMENT_STATES.settleCommunities, SETTLEMENT_STATES.notifyCommunities]) {
      expect(settlement.States[map]).toMatchObject({
        MaxConcurrency: 10,
        ItemsPath: '$.start.communities',
        ResultPath: null,
      });
    }
    expect(settlement.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
  });

  it('retries every step but never a refused month', () => {
    const tasks = [
      ...Object.values(settlement.States),
      ...Object.values(settlement.States).flatMap((each) => Object.values(each.ItemProcessor?.States ?? {})),
    ].filter((each) => each.Type === 'Task');
    expect(tasks).toHaveLength(5);
    for (const task of tasks) {
      expect(task.Resource).toMatch(FUNCTION_ARN);
      expect(task.Retry?.[0]).toEqual({ ErrorEquals: ['ValidationError', 'ConflictError'], MaxAttempts: 0 });
      expect(task.Retry?.[1]?.ErrorEquals).toEqual([...LAMBDA_SERVICE_ERRORS, 'States.TaskFailed']);
    }
  });

  it('maps every Task state to a handler file that exists', () => {
    for (const file of Object.values(SETTLEMENT_TASK_HANDLERS)) expect(existsSync(file), file).toBe(true);
  });
});
