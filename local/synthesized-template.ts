import type {
  AttributeDefinition,
  CreateTableCommandInput,
  KeySchemaElement,
  Projection,
  StreamViewType,
} from '@aws-sdk/client-dynamodb';

/**
 * Reads what the local run needs out of a synthesized CloudFormation template (the JSON that
 * `infra/synthesize.ts` returns), so that local tables and the local state machine are the
 * deployed ones, not a copy that could drift. No CDK here: plain template JSON in, plain data out.
 */

type Json = Record<string, unknown>;

interface TemplateResource {
  Type: string;
  Properties?: Json;
}

/** The fake account, region and partition that template references resolve to. */
export interface FakeEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export const LOCAL_ENVIRONMENT: FakeEnvironment = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: '123456789012',
};

/** A CreateTable input for DynamoDB Local; the table is named by its logical id. */
export type LocalTableDefinition = CreateTableCommandInput & { TableName: string };

function resources(template: Json): Record<string, TemplateResource> {
  const all = template.Resources;
  if (typeof all !== 'object' || all === null) throw new Error('the template has no Resources');
  return all as Record<string, TemplateResource>;
}

function resourcesOfType(template: Json, ...types: string[]): [string, TemplateResource][] {
  return Object.entries(resources(template)).filter(([, resource]) => types.includes(resource.Type));
}

/**
 * The DynamoDB tables of the template (AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable) as
 * CreateTable inputs: same keys, attribute definitions and GSIs, on-demand billing.
 */
export function tableDefinitions(template: Json): LocalTableDefinition[] {
  return resourcesOfType(template, 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map(
    ([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      const indexes = properties.GlobalSecondaryIndexes as
        { IndexName: string; KeySchema: KeySchemaElement[]; Projection: Projection }[] | undefined;
      const definition: LocalTableDefinition = {
        TableName: logicalId,
        KeySchema: properties.KeySchema as KeySchemaElement[],
        AttributeDefinitions: properties.AttributeDefinitions as AttributeDefinition[],
        BillingMode: 'PAY_PER_REQUEST',
      };
      const stream = properties.StreamSpecification as { StreamViewType: StreamViewType } | undefined;
      if (stream) definition.StreamSpecification = { StreamEnabled: true, ...stream };
      if (indexes && indexes.length > 0) {
        // Only what CreateTable takes: per-index throughput/warm-throughput settings don't apply locally.
        definition.GlobalSecondaryIndexes = indexes.map((index) => ({
          IndexName: index.IndexName,
          KeySchema: index.KeySchema,
          Projection: index.Projection,
        }));
      }
      return definition;
    },
  );
}

/** The logical ids of the template's state machines by construct path: the lifecycle's, the settlement's. */
export const STATE_MACHINE_PREFIXES = {
  lifecycle: 'RequestLifecycleStateMachine',
  settlement: 'MonthlySettlementStateMachine',
} as const;

/** The logical id of the one state machine whose id starts with `prefix`. */
export function stateMachineLogicalId(template: Json, prefix: string): string {
  const ids = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')
    .map(([id]) => id)
    .filter((id) => id.startsWith(prefix));
  const [only, ...others] = ids;
  if (!only || others.length > 0)
    throw new Error(`expected one state machine ${prefix}*, found ${ids.length}`);
  return only;
}

/**
 * The state machine's Amazon States Language definition, parsed from its DefinitionString
 * (an Fn::Join), with every Ref / Fn::GetAtt resolved to a fake but well-formed value, e.g.
 * `arn:aws:lambda:us-east-1:123456789012:function:AssignLeaderFunction68501E6F`.
 *
 * @param logicalId which state machine, when the template has more than one
 */
export function stateMachineDefinition(
  template: Json,
  options: { logicalId?: string; environment?: FakeEnvironment } = {},
): Json {
  const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').filter(
    ([id]) => options.logicalId === undefined || id === options.logicalId,
  );
  const [machine, ...others] = machines;
  if (!machine)
    throw new Error(`the template has no state machine${options.logicalId ? ` ${options.logicalId}` : ''}`);
  if (others.length > 0) {
    throw new Error(
      `the template has several state machines; pick one of ${machines.map(([id]) => id).join(', ')}`,
    );
  }
  const [logicalId, resource] = machine;
  const properties = resource.Properties ?? {};
  if (properties.Definition !== undefined) return properties.Definition as Json;
  const definitionString = properties.DefinitionString;
  if (definitionString === undefined) throw new Error(`state machine ${logicalId} has no DefinitionString`);
  const resolved = resolveIntrinsics(definitionString, template, options.environment ?? LOCAL_ENVIRONMENT);
  if (typeof resolved !== 'string') throw new Error(`the DefinitionString of ${logicalId} is not a string`);
  return JSON.parse(resolved) as Json;
}

const SERVICE_ARN_FORMATS: Record<string, (env: FakeEnvironment, id: string) => string> = {
  'AWS::Lambda::Function': (env, id) =>
    `arn:${env.partition}:lambda:${env.region}:${env.accountId}:function:${id}`,
  'AWS::SNS::Topic': (env, id) => `arn:${env.partition}:sns:${env.region}:${env.accountId}:${id}`,
  'AWS::SQS::Queue': (env, id) => `arn:${env.partition}:sqs:${env.region}:${env.accountId}:${id}`,
  'AWS::DynamoDB::Table': (env, id) =>
    `arn:${env.partition}:dynamodb:${env.region}:${env.accountId}:table/${id}`,
  'AWS::DynamoDB::GlobalTable': (env, id) =>
    `arn:${env.partition}:dynamodb:${env.region}:${env.accountId}:table/${id}`,
  'AWS::StepFunctions::StateMachine': (env, id) =>
    `arn:${env.partition}:states:${env.region}:${env.accountId}:stateMachine:${id}`,
  'AWS::IAM::Role': (env, id) => `arn:${env.partition}:iam::${env.accountId}:role/${id}`,
  'AWS::Logs::LogGroup': (env, id) =>
    `arn:${env.partition}:logs:${env.region}:${env.accountId}:log-group:${id}:*`,
};

/** Resources whose Ref is their ARN (most return their name, which we fake as the logical id). */
const REF_IS_ARN = new Set(['AWS::SNS::Topic', 'AWS::StepFunctions::StateMachine']);

function fakeArn(type: string, logicalId: string, env: FakeEnvironment): string {
  const format = SERVICE_ARN_FORMATS[type];
  if (format) return format(env, logicalId);
  const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
  return `arn:${env.partition}:${service}:${env.region}:${env.accountId}:${logicalId}`;
}

const PSEUDO_PARAMETERS = (env: FakeEnvironment): Record<string, string> => ({
  'AWS::Partition': env.partition,
  'AWS::Region': env.region,
  'AWS::AccountId': env.accountId,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
  'AWS::StackId': `arn:${env.partition}:cloudformation:${env.region}:${env.accountId}:stack/local/local`,
  'AWS::NoValue': '',
});

function resolveRef(name: string, template: Json, env: FakeEnvironment): string {
  const pseudo = PSEUDO_PARAMETERS(env)[name];
  if (pseudo !== undefined) return pseudo;
  const resource = resources(template)[name];
  if (!resource) throw new Error(`Ref to ${name}, which is not a resource of the template`);
  return REF_IS_ARN.has(resource.Type) ? fakeArn(resource.Type, name, env) : name;
}

function resolveGetAtt(logicalId: string, attribute: string, template: Json, env: FakeEnvironment): string {
  const resource = resources(template)[logicalId];
  if (!resource) throw new Error(`Fn::GetAtt on ${logicalId}, which is not a resource of the template`);
  if (attribute === 'Arn') return fakeArn(resource.Type, logicalId, env);
  if (attribute.endsWith('Name')) return logicalId;
  return `${logicalId}.${attribute}`;
}

/** Resolves the intrinsics a DefinitionString uses: Fn::Join, Fn::Sub, Ref, Fn::GetAtt. */
function resolveIntrinsics(node: unknown, template: Json, env: FakeEnvironment): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveIntrinsics(item, template, env));
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Json;
  if ('Ref' in record) return resolveRef(String(record.Ref), template, env);
  if ('Fn::GetAtt' in record) {
    const target = record['Fn::GetAtt'];
    const [logicalId, attribute] = Array.isArray(target) ? target : String(target).split('.');
    return resolveGetAtt(String(logicalId), String(attribute), template, env);
  }
  if ('Fn::Join' in record) {
    const [delimiter, parts] = record['Fn::Join'] as [string, unknown[]];
    return (resolveIntrinsics(parts, template, env) as unknown[]).map(String).join(delimiter);
  }
  if ('Fn::Sub' in record) {
    const sub = record['Fn::Sub'];
    const [text, variables] = Array.isArray(sub) ? (sub as [string, Json]) : [String(sub), {}];
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_match, name: string) => {
      if (name in variables) return String(resolveIntrinsics(variables[name], template, env));
      const [id, attribute] = name.split('.');
      return attribute ? resolveGetAtt(id ?? '', attribute, template, env) : resolveRef(name, template, env);
    });
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, resolveIntrinsics(value, template, env)]),
  );
}

/** A stream event source mapping of the template: which function, and the records its filters let through. */
export interface StreamMapping {
  functionLogicalId: string;
  patterns: Json[];
}

/**
 * The template's stream event source mappings: the local consumer hands each function the records
 * its patterns match, as Lambda does.
 */
export function streamMappings(template: Json): StreamMapping[] {
  return eventSourceMappings(template, 'StreamArn').map((properties) => {
    const criteria = properties.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined;
    return {
      functionLogicalId: (properties.FunctionName as { Ref: string }).Ref,
      patterns: (criteria?.Filters ?? []).map((filter) => JSON.parse(filter.Pattern) as Json),
    };
  });
}

/** The properties of the template's event source mappings reading a resource's `attribute` (`StreamArn`: a table's stream; `Arn`: a queue). */
function eventSourceMappings(template: Json, attribute: 'StreamArn' | 'Arn'): Json[] {
  return resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')
    .map(([, resource]) => resource.Properties ?? {})
    .filter((properties) => getAttOf(properties.EventSourceArn)?.[1] === attribute);
}

/** `[logicalId, attribute]` of an `Fn::GetAtt`, or undefined for anything else. */
function getAttOf(node: unknown): [string, string] | undefined {
  const target = (node as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  if (Array.isArray(target)) return [String(target[0]), String(target[1])];
  if (typeof target === 'string') return target.split('.') as [string, string];
  return undefined;
}

/** A subscription of an SNS topic: where it delivers (a queue's logical id, an e-mail address) and what its filter lets through. */
export interface TopicSubscription {
  logicalId: string;
  topicLogicalId: string;
  protocol: string;
  /** The queue's logical id for `sqs`; the address or number as written for the others. */
  endpoint: string;
  filterPolicy?: Json;
  filterPolicyScope: 'MessageAttributes' | 'MessageBody';
  rawMessageDelivery: boolean;
}

/** The template's SNS subscriptions, so the local topic delivers where the deployed one would. */
export function topicSubscriptions(template: Json): TopicSubscription[] {
  return resourcesOfType(template, 'AWS::SNS::Subscription').map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const queue = getAttOf(properties.Endpoint);
    const policy = properties.FilterPolicy;
    return {
      logicalId,
      topicLogicalId: (properties.TopicArn as { Ref: string }).Ref,
      protocol: String(properties.Protocol),
      endpoint: queue ? queue[0] : String(properties.Endpoint),
      ...(policy ? { filterPolicy: (typeof policy === 'string' ? JSON.parse(policy) : policy) as Json } : {}),
      filterPolicyScope: properties.FilterPolicyScope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes',
      rawMessageDelivery: properties.RawMessageDelivery === true || properties.RawMessageDelivery === 'true',
    };
  });
}

/** An SQS queue of the template: its visibility timeout and where its redrive policy parks messages. */
export interface QueueDefinition {
  logicalId: string;
  visibilityTimeoutSeconds: number;
  redrive?: { deadLetterQueueLogicalId: string; maxReceiveCount: number };
}

/** SQS's default visibility timeout, for a queue that does not set one. */
const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;

export function queueDefinitions(template: Json): QueueDefinition[] {
  return resourcesOfType(template, 'AWS::SQS::Queue').map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const redrive = properties.RedrivePolicy as
      { deadLetterTargetArn: unknown; maxReceiveCount: number } | undefined;
    const deadLetterQueue = redrive ? getAttOf(redrive.deadLetterTargetArn)?.[0] : undefined;
    return {
      logicalId,
      visibilityTimeoutSeconds: Number(properties.VisibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
      ...(redrive && deadLetterQueue
        ? {
            redrive: {
              deadLetterQueueLogicalId: deadLetterQueue,
              maxReceiveCount: Number(redrive.maxReceiveCount),
            },
          }
        : {}),
    };
  });
}

/** An event source mapping from an SQS queue: which function, in batches of what size, reporting failed items or not. */
export interface QueueMapping {
  functionLogicalId: string;
  queueLogicalId: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  maximumConcurrency?: number;
}

/** Lambda's default batch size for an SQS source. */
const DEFAULT_SQS_BATCH_SIZE = 10;

export function queueMappings(template: Json): QueueMapping[] {
  return eventSourceMappings(template, 'Arn').map((properties) => {
    const concurrency = (properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)
      ?.MaximumConcurrency;
    return {
      functionLogicalId: (properties.FunctionName as { Ref: string }).Ref,
      queueLogicalId: getAttOf(properties.EventSourceArn)![0],
      batchSize: Number(properties.BatchSize ?? DEFAULT_SQS_BATCH_SIZE),
      reportBatchItemFailures: ((properties.FunctionResponseTypes ?? []) as string[]).includes(
        'ReportBatchItemFailures',
      ),
      ...(concurrency ? { maximumConcurrency: concurrency } : {}),
    };
  });
}

export interface ExecutionStatusRule {
  functionLogicalId: string;
  statuses: string[];
}

/**
 * The template's EventBridge rules on Step Functions' "Execution Status Change": the function each
 * one invokes and the statuses it matches, so the local run invokes what the deployed rules would.
 */
export function executionStatusRules(template: Json): ExecutionStatusRule[] {
  return resourcesOfType(template, 'AWS::Events::Rule').flatMap(([, resource]) => {
    const properties = resource.Properties ?? {};
    const pattern = properties.EventPattern as
      { source?: string[]; 'detail-type'?: string[]; detail?: { status?: string[] } } | undefined;
    if (!pattern?.source?.includes('aws.states')) return [];
    if (!pattern['detail-type']?.includes('Step Functions Execution Status Change')) return [];
    const targets = (properties.Targets ?? []) as { Arn: { 'Fn::GetAtt'?: [string, string] } }[];
    return targets.flatMap((target) => {
      const functionLogicalId = target.Arn['Fn::GetAtt']?.[0];
      return functionLogicalId ? [{ functionLogicalId, statuses: pattern.detail?.status ?? [] }] : [];
    });
  });
}

/** An EventBridge Scheduler schedule of the template that invokes a function. */
export interface FunctionSchedule {
  functionLogicalId: string;
  /** `rate(…)` or `cron(…)`, as Scheduler reads it. */
  expression: string;
  /** The zone a cron is read in (UTC when absent). */
  timeZone: string;
}

/**
 * The template's Scheduler schedules whose target is a function (the monthly settlement's targets
 * its state machine, which the local run schedules itself): the local run fires each in virtual time.
 */
export function functionSchedules(template: Json): FunctionSchedule[] {
  return resourcesOfType(template, 'AWS::Scheduler::Schedule').flatMap(([, resource]) => {
    const properties = resource.Properties ?? {};
    const target = properties.Target as { Arn: { 'Fn::GetAtt'?: [string, string] } };
    const functionLogicalId = target.Arn['Fn::GetAtt']?.[0];
    if (!functionLogicalId || resources(template)[functionLogicalId]?.Type !== 'AWS::Lambda::Function')
      return [];
    return [
      {
        functionLogicalId,
        expression: String(properties.ScheduleExpression),
        timeZone: String(properties.ScheduleExpressionTimezone ?? 'UTC'),
      },
    ];
  });
}

/** A function as the template configures it: what its duration is billed at. */
export interface FunctionConfiguration {
  logicalId: string;
  memoryMb: number;
  architecture: 'arm64' | 'x86_64';
}

/** Lambda's defaults when the template leaves them out. */
const DEFAULT_MEMORY_MB = 128;

export function functionConfigurations(template: Json): FunctionConfiguration[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const [architecture] = (properties.Architectures as string[] | undefined) ?? ['x86_64'];
    return {
      logicalId,
      memoryMb: Number(properties.MemorySize ?? DEFAULT_MEMORY_MB),
      architecture: architecture === 'arm64' ? 'arm64' : 'x86_64',
    };
  });
}

/** The function behind each HTTP API route (`POST /requests` → its function's logical id). */
export function routeFunctions(template: Json): Map<string, string> {
  const integrations = new Map(
    resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').flatMap(([logicalId, resource]) => {
      const target = getAttOf(resource.Properties?.IntegrationUri);
      return target ? [[logicalId, target[0]]] : [];
    }),
  );
  return new Map(
    resourcesOfType(template, 'AWS::ApiGatewayV2::Route').flatMap(([, resource]) => {
      const parts = (
        (resource.Properties?.Target as Json | undefined)?.['Fn::Join'] as [string, unknown[]]
      )?.[1];
      const ref = (parts?.find((part) => typeof part === 'object') as { Ref?: string } | undefined)?.Ref;
      const fn = ref ? integrations.get(ref) : undefined;
      return fn ? [[String(resource.Properties?.RouteKey), fn]] : [];
    }),
  );
}

/** Every schedule that invokes a function: Scheduler schedules and EventBridge rules with a schedule expression. */
export function scheduledFunctions(
  template: Json,
): Pick<FunctionSchedule, 'functionLogicalId' | 'expression'>[] {
  const rules = resourcesOfType(template, 'AWS::Events::Rule').flatMap(([, resource]) => {
    const expression = resource.Properties?.ScheduleExpression;
    if (typeof expression !== 'string') return [];
    const targets = (resource.Properties?.Targets as { Arn?: unknown }[] | undefined) ?? [];
    return targets.flatMap((target) => {
      const fn = getAttOf(target.Arn)?.[0];
      return fn && resources(template)[fn]?.Type === 'AWS::Lambda::Function'
        ? [{ functionLogicalId: fn, expression }]
        : [];
    });
  });
  return [...functionSchedules(template), ...rules];
}

/** How many resources of a type the template has (alarms, keys, secrets, queues, log groups). */
export function resourceCount(template: Json, type: string): number {
  return resourcesOfType(template, type).length;
}
