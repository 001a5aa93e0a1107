import { marshall } from '@aws-sdk/util-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { Notifier } from '../../shared/adapters/notifier.js';
import type { Workflow } from '../../shared/adapters/workflow.js';
import { LocalSecretSealer } from '../../shared/adapters/local-secret-sealer.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { DISTRICT_SCOPE, type Grant } from '../../shared/domain/access.js';
import { ManualClock } from '../../shared/domain/clock.js';
import type { HierarchyNode, Household } from '../../shared/domain/hierarchy.js';
import { LEVELS } from '../../shared/config/vocabulary.js';
import { actAsLeader, assignFirstLeader, submit } from '../../shared/domain/lifecycle.js';
import type { Actor, NextStep, ServiceRequest } from '../../shared/domain/request.js';
import type { SmsMessage } from '../../shared/domain/sms.js';
import { useDependencies, type Dependencies } from '../../shared/runtime/dependencies.js';
import { createDocumentClient } from '../../shared/store/document-client.js';
import { indexes, keys } from '../../shared/store/keys.js';
import { chainOf, config, district, household, shanghai } from './fixtures.js';

/**
 * The unit-test harness of the handlers: a real DocumentClient (pointing nowhere) whose every send
 * is intercepted by aws-sdk-client-mock, fake notifier and workflow ports that record their calls,
 * and a clock that moves only when a test says so.
 */
export const ddb = mockClient(DynamoDBDocumentClient);

export const TABLE = 'sanzhang-unit-test';

/** Monday 23 November 2026, 10:00 in Shanghai: inside service hours. */
export const MONDAY_10 = shanghai('2026-11-23 10:00');

export class FakeNotifier implements Notifier {
  readonly sms: ({ phone: string } & SmsMessage)[] = [];
  readonly supervisors: SmsMessage[] = [];

  async sendSms(phone: string, message: SmsMessage): Promise<string> {
    this.sms.push({ phone, ...message });
    return `sms-${this.sms.length}`;
  }

  async notifySupervisors(message: SmsMessage): Promise<string> {
    this.supervisors.push(message);
    return `topic-${this.supervisors.length}`;
  }
}

export class FakeWorkflow implements Workflow {
  readonly started: string[] = [];
  readonly completed: { taskToken: string; step: NextStep }[] = [];
  /** False plays a task that timed out or was completed already. */
  taskStillWaiting = true;
  /** Requests whose start fails (Step Functions unavailable): nothing is started for them. */
  readonly failingStarts = new Set<string>();

  async startLifecycle(requestId: string, execution = requestId): Promise<void> {
    if (this.failingStarts.has(requestId)) throw new Error(`states unavailable for ${requestId}`);
    this.started.push(execution);
  }

  async completeTask(taskToken: string, step: NextStep): Promise<boolean> {
    this.completed.push({ taskToken, step });
    return this.taskStillWaiting;
  }
}

/** The community of the demo household (银融社区), and one in another street (丰和社区). */
const DEMO_COMMUNITY = household(DEMO_HOUSEHOLD_ID).ancestors.community;
const OTHER_COMMUNITY = district.nodes.find(
  (node) => node.type === 'community' && node.id !== DEMO_COMMUNITY,
)!.id;

/**
 * Roles beyond the demo's posts: `staff-1` is community staff where the demo household lives,
 * `staff-far` community staff of another street's community, `admin-1` the district's admin,
 * `water-1` service staff (the water company) of the demo household's grid.
 * Anyone else who holds no demo post (`nobody`) has no grant at all.
 */
export const EXTRA_GRANTS: Record<string, Grant[]> = {
  'staff-1': [{ role: 'community_staff', scope: DEMO_COMMUNITY }],
  'staff-far': [{ role: 'community_staff', scope: OTHER_COMMUNITY }],
  'admin-1': [{ role: 'district_admin', scope: DISTRICT_SCOPE }],
  'water-1': [{ role: 'service_staff', scope: household(DEMO_HOUSEHOLD_ID).ancestors.grid }],
};

/** The Query that reads a caller's grants (shared/store/hierarchy-store.ts getGrants), as it is sent. */
const ACCESS_QUERY = { IndexName: indexes.heldBy.name, KeyConditionExpression: 'GSI3PK = :holder' };

/**
 * What the holder index (GSI3) returns for a person, as the table stores it: the demo nodes whose
 * post they hold, and their grant items.
 */
function grantItemsOf(personId: string) {
  return [
    ...district.nodes
      .filter((node) => node.post?.holderId === personId)
      .map((node) => ({
        ...keys.node(node.id),
        GSI3PK: indexes.heldBy.pk(personId),
        GSI3SK: indexes.heldBy.postSk(node.id),
        ...node,
      })),
    ...(EXTRA_GRANTS[personId] ?? []).map((grant) => ({
      ...keys.grant(personId, grant.role, grant.scope),
      GSI3PK: indexes.heldBy.pk(personId),
      GSI3SK: indexes.heldBy.grantSk(grant.role, grant.scope),
      ...grant,
    })),
  ];
}

export interface TestDependencies extends Dependencies {
  clock: ManualClock;
  notifier: FakeNotifier;
  workflow: FakeWorkflow;
  sealer: LocalSecretSealer;
}

/**
 * Resets the DynamoDB mock to an empty table that accepts every write, and hands the handlers a
 * fresh set of parts. Call in beforeEach; call `useDependencies(undefined)` in afterEach.
 */
export function mockDependencies(now: Date = MONDAY_10): TestDependencies {
  ddb.reset();
  ddb.resolves({});
  givenAccessIndex();
  const deps: TestDependencies = {
    config,
    clock: new ManualClock(now),
    table: {
      db: createDocumentClient({ endpoint: 'http://127.0.0.1:1', region: 'local' }),
      name: TABLE,
      timeZone: config.district.timeZone,
    },
    notifier: new FakeNotifier(),
    workflow: new FakeWorkflow(),
    sealer: new LocalSecretSealer(),
  };
  useDependencies(deps);
  return deps;
}

/**
 * Answers the access Query every API call makes first from the demo's posts and EXTRA_GRANTS.
 * mockDependencies sets it up; call it again after a test stubs every QueryCommand.
 */
/** The usual wiring of a unit test file: fresh mocked parts before each test, none left after. */
export function mockDependenciesForEachTest(): void {
  beforeEach(() => {
    mockDependencies();
  });
  afterEach(() => {
    useDependencies(undefined);
  });
  afterAll(() => {
    ddb.restore();
  });
}

export function givenAccessIndex(): void {
  ddb
    .on(QueryCommand, ACCESS_QUERY)
    .callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
      Items: grantItemsOf(String(input.ExpressionAttributeValues[':holder']).replace(/^HOLDER#/, '')),
    }));
}

// ---------------------------------------------------------------------------------------------
// What the table holds: canned answers to the reads the store makes.
// ---------------------------------------------------------------------------------------------

export const storedItem = (request: ServiceRequest, taskToken?: string) => ({
  ...keys.request(request.id),
  ...request,
  ...(taskToken ? { taskToken } : {}),
});

/** GetItem of the request answers with these versions, one per read, the last one for every later read. */
export function givenStoredRequest(...versions: { request: ServiceRequest; taskToken?: string }[]): void {
  const last = versions.at(-1);
  if (!last) throw new Error('givenStoredRequest needs at least one version');
  let behaviour = ddb.on(GetCommand, { Key: keys.request(last.request.id) });
  for (const earlier of versions.slice(0, -1)) {
    behaviour = behaviour.resolvesOnce({ Item: storedItem(earlier.request, earlier.taskToken) });
  }
  behaviour.resolves({ Item: storedItem(last.request, last.taskToken) });
}

/** The household node and the five nodes of its chain (GetItem + BatchGetItem), as the demo district has them. */
export function givenHousehold(id: string = DEMO_HOUSEHOLD_ID): Household {
  const found = household(id);
  ddb.on(GetCommand, { Key: keys.node(id) }).resolves({ Item: { ...keys.node(id), ...found } });
  const nodes = LEVELS.map((level) => district.nodes.find((node) => node.id === found.ancestors[level])!);
  ddb.on(BatchGetCommand).resolves({
    Responses: { [TABLE]: nodes.map((node) => ({ ...keys.node(node.id), ...node })) },
  });
  return found;
}

/** A hierarchy node (street to unit) of the demo district, as GetItem of its key answers it. */
export function givenNode(id: string): HierarchyNode {
  const node = district.nodes.find((candidate) => candidate.id === id);
  if (!node) throw new Error(`no demo node ${id}`);
  ddb.on(GetCommand, { Key: keys.node(id) }).resolves({ Item: { ...keys.node(id), ...node } });
  return node;
}

// ---------------------------------------------------------------------------------------------
// Requests in each state, made by the domain functions themselves.
// ---------------------------------------------------------------------------------------------

export const residentOf = (id: string = DEMO_HOUSEHOLD_ID) => household(id).residents[0]!;
export const leaders = () => chainOf().map((link) => link.post!);
export const unitLeader = () => leaders()[0]!;
export const buildingLeader = () => leaders()[1]!;

const residentActor = (): Actor => ({ kind: 'resident', id: residentOf().personId });
const at = (now: Date) => ({ config, now });

export function submittedRequest(id = 'R-UNIT-TEST-1', now: Date = MONDAY_10): ServiceRequest {
  return submit(
    {
      id,
      household: household(),
      submittedBy: residentActor(),
      category: 'repair',
      description: '楼道灯不亮了',
      priority: 'normal',
      photos: [],
    },
    at(now),
  ).request;
}

/** Version 2: with the unit leader, who has until 12:00 to acknowledge. */
export function assignedRequest(id?: string, now: Date = MONDAY_10): ServiceRequest {
  return assignFirstLeader(submittedRequest(id, now), chainOf(), at(now)).request;
}

/** Version 3: acknowledged by the unit leader. */
export function acknowledgedRequest(id?: string, now: Date = MONDAY_10): ServiceRequest {
  const request = assignedRequest(id, now);
  return actAsLeader(
    request,
    { kind: 'leader', id: unitLeader().holderId },
    'acknowledge',
    undefined,
    at(now),
  ).request;
}

/** Version 4: resolved by the unit leader, waiting for the resident. */
export function resolvedRequest(id?: string, now: Date = MONDAY_10): ServiceRequest {
  const request = acknowledgedRequest(id, now);
  return actAsLeader(request, { kind: 'leader', id: unitLeader().holderId }, 'resolve', '已更换灯泡', at(now))
    .request;
}

// ---------------------------------------------------------------------------------------------
// What was sent to DynamoDB.
// ---------------------------------------------------------------------------------------------

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The TransactItems of every TransactWriteItems call, in order. */
export function transactions(): TransactItem[][] {
  return ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
}

const isAccessQuery = (call: { args: unknown[] }) => {
  const command = call.args[0];
  if (!(command instanceof QueryCommand)) return false;
  const input = command.input;
  return (
    input.IndexName === ACCESS_QUERY.IndexName &&
    input.KeyConditionExpression === ACCESS_QUERY.KeyConditionExpression
  );
};

/** The Queries that read callers' grants, as many as API calls got past the token. */
export function accessQueries() {
  return ddb.commandCalls(QueryCommand).filter(isAccessQuery);
}

/** Every call to DynamoDB but the access Query: what the handler read and wrote for the request itself. */
export function callsBesidesAccess() {
  return ddb.calls().filter((call) => !isAccessQuery(call));
}

/** Every Query but the access Query. */
export function dataQueries() {
  return ddb.commandCalls(QueryCommand).filter((call) => !isAccessQuery(call));
}

/** Every call that could change the table. */
export function writeCalls() {
  return [
    ...ddb.commandCalls(TransactWriteCommand),
    ...ddb.commandCalls(PutCommand),
    ...ddb.commandCalls(UpdateCommand),
    ...ddb.commandCalls(DeleteCommand),
    ...ddb.commandCalls(BatchWriteCommand),
  ];
}

/** What DynamoDB answers when the request's condition (the first item of the transaction) failed. */
export function conditionFailedOnRequest(itemCount = 2): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
    $metadata: {},
    CancellationReasons: [
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      ...Array.from({ length: itemCount - 1 }, () => ({ Code: 'None' })),
    ],
  });
}

/** A refused conditional write; with `item`, as asked for with ReturnValuesOnConditionCheckFailure: ALL_OLD. */
export function conditionFailed(item?: Record<string, unknown>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: marshall(item, { removeUndefinedValues: true }) } : {}),
  });
}
