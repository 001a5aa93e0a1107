import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { LAMBDA_SERVICE_ERRORS, stateMachineArn } from './state-machines.js';
import type { NextStep } from '../shared/domain/request.js';
import { wildcardResourceFinding } from './sanzhang-function.js';

/** The states of the request lifecycle, by name; the local engine maps Task states to handlers with these. */
export const LIFECYCLE_STATES = {
  assignToLeader: 'AssignToLeader',
  awaitLeader: 'AwaitLeader',
  escalate: 'Escalate',
  awaitResident: 'AwaitResident',
  autoConfirm: 'AutoConfirm',
  nextStep: 'NextStep',
  closed: 'Closed',
  unknownStep: 'UnknownStep',
} as const;
export type LifecycleStateName = (typeof LIFECYCLE_STATES)[keyof typeof LIFECYCLE_STATES];

/** The handler file (relative to the repository root) that each Task state invokes. */
export const LIFECYCLE_TASK_HANDLERS = {
  [LIFECYCLE_STATES.assignToLeader]: 'functions/workflow/assign-leader.ts',
  [LIFECYCLE_STATES.awaitLeader]: 'functions/workflow/await-callback.ts',
  [LIFECYCLE_STATES.escalate]: 'functions/workflow/escalate.ts',
  [LIFECYCLE_STATES.awaitResident]: 'functions/workflow/await-callback.ts',
  [LIFECYCLE_STATES.autoConfirm]: 'functions/workflow/auto-confirm.ts',
} as const;

/** The values of `$.step.next` that the `NextStep` choice understands. */
export const NEXT_STEPS = {
  awaitLeader: 'await-leader',
  escalate: 'escalate',
  awaitResident: 'await-resident',
  closed: 'closed',
} as const satisfies Record<string, NextStep['next']>;

/** Retries of a failing Task state, 2 s apart and doubling: about a minute before the execution fails. */
export const TASK_RETRIES = 5;

export function lifecycleStateMachineName(districtId: string): string {
  return `sanzhang-${districtId}-request-lifecycle`;
}

/** The state machine's ARN from its fixed name (see state-machines.ts). */
export function lifecycleStateMachineArn(scope: Construct, districtId: string): string {
  return stateMachineArn(scope, lifecycleStateMachineName(districtId));
}

export interface RequestWorkflowProps {
  readonly districtId: string;
  readonly assignLeader: lambda.IFunction;
  readonly awaitCallback: lambda.IFunction;
  readonly escalate: lambda.IFunction;
  readonly autoConfirm: lambda.IFunction;
}

/**
 * The closed loop of a resident's request as a Standard state machine (JSONPath):
 *
 *   AssignToLeader → AwaitLeader ─(timeout)→ Escalate
 *                        │                      │
 *                        └──────→ NextStep ←────┘ ←── AwaitResident ─(timeout)→ AutoConfirm
 *                                   │ await-leader / escalate / await-resident / closed
 *
 * Every step handler returns `{ next, version, timeoutSeconds, ... }` into `$.step`; `NextStep`
 * routes on `$.step.next`. The two waits hand their task token to await-callback, which stores
 * it on the request; the API completes it when a leader acts or the resident confirms. Each wait
 * times out after `$.step.timeoutSeconds`, computed by the handlers from the SLA policy.
 */
export class RequestWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RequestWorkflowProps) {
    super(scope, id);
    const name = lifecycleStateMachineName(props.districtId);

    const step = (stateName: string, fn: lambda.IFunction) => {
      const task = new tasks.LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: fn,
        payloadResponseOnly: true,
        payload: sfn.TaskInput.fromObject({ requestId: sfn.JsonPath.stringAt('$.requestId') }),
        resultPath: '$.step',
        retryOnServiceExceptions: false,
      });
      // The step handlers are idempotent, so any failure of theirs is retried too; after about a
      // minute the execution fails and the restart rule (district-stack.ts) starts a new one.
      task.addRetry({
        errors: [...LAMBDA_SERVICE_ERRORS, sfn.Errors.TASKS_FAILED],
        interval: Duration.seconds(2),
        maxAttempts: TASK_RETRIES,
        backoffRate: 2,
      });
      return task;
    };

    const wait = (stateName: string, awaiting: 'leader' | 'resident') => {
      const task = new tasks.LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: props.awaitCallback,
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({
          requestId: sfn.JsonPath.stringAt('$.requestId'),
          token: sfn.JsonPath.taskToken,
          awaiting,
          version: sfn.JsonPath.numberAt('$.step.version'),
          // Not needed in AWS; the local engine's time scale reads it (see local/local-workflow.ts).
          timeoutSeconds: sfn.JsonPath.numberAt('$.step.timeoutSeconds'),
        }),
        taskTimeout: sfn.Timeout.at('$.step.timeoutSeconds'),
        resultPath: '$.step',
        retryOnServiceExceptions: false,
      });
      // Lambda's own failures and the handler's (await-callback is idempotent: a DynamoDB error
      // storing the token must not end the lifecycle); States.TaskFailed never matches a
      // States.Timeout, which is the SLA expiring and must be caught.
      task.addRetry({
        errors: [...LAMBDA_SERVICE_ERRORS, sfn.Errors.TASKS_FAILED],
        interval: Duration.seconds(2),
        maxAttempts: TASK_RETRIES,
        backoffRate: 2,
      });
      return task;
    };

    const assignToLeader = step(LIFECYCLE_STATES.assignToLeader, props.assignLeader);
    const awaitLeader = wait(LIFECYCLE_STATES.awaitLeader, 'leader');
    const escalate = step(LIFECYCLE_STATES.escalate, props.escalate);
    const awaitResident = wait(LIFECYCLE_STATES.awaitResident, 'resident');
    const autoConfirm = step(LIFECYCLE_STATES.autoConfirm, props.autoConfirm);
    const closed = new sfn.Succeed(this, LIFECYCLE_STATES.closed, { stateName: LIFECYCLE_STATES.closed });
    const unknownStep = new sfn.Fail(this, LIFECYCLE_STATES.unknownStep, {
      stateName: LIFECYCLE_STATES.unknownStep,
      error: 'Sanzhang.UnknownStep',
      cause: 'A step handler returned a $.step.next that the lifecycle does not know.',
    });
    const nextStep = new sfn.Choice(this, LIFECYCLE_STATES.nextStep, { stateName: LIFECYCLE_STATES.nextStep })
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.awaitLeader), awaitLeader)
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.escalate), escalate)
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.awaitResident), awaitResident)
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.closed), closed)
      .otherwise(unknownStep);

    awaitLeader.addCatch(escalate, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timedOut' });
    awaitResident.addCatch(autoConfirm, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timedOut' });
    assignToLeader.next(awaitLeader);
    awaitLeader.next(nextStep);
    escalate.next(nextStep);
    awaitResident.next(nextStep);
    autoConfirm.next(nextStep);

    // Under /aws/vendedlogs/ so that many state machines don't exhaust the CloudWatch Logs
    // resource policy size; execution logs only, the request timeline lives in DynamoDB.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      comment: 'The closed loop of a resident request: assign, wait, escalate, confirm, close.',
      definitionBody: sfn.DefinitionBody.fromChainable(assignToLeader),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing (xray:PutTraceSegments and friends) do not support resource-level permissions.',
    });
    for (const fn of new Set([props.assignLeader, props.awaitCallback, props.escalate, props.autoConfirm])) {
      Validations.of(this.stateMachine.role).acknowledge({
        id: wildcardResourceFinding(this, `${fn.functionArn}:*`),
        reason:
          'LambdaInvoke grants lambda:InvokeFunction on the function and its versions/aliases (<arn>:*); scoped to this one lifecycle function.',
      });
    }
  }
}
