import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/api/act-on-request.js';
import { DEMO_HOUSEHOLD_ID, DEMO_VACANT_UNIT_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { contentDigest } from '../../shared/domain/idempotency.js';
import { actAsLeader, escalate } from '../../shared/domain/lifecycle.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import { shortReference } from '../../shared/domain/sms.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { logger } from '../../shared/logger.js';
import { keys } from '../../shared/store/keys.js';
import {
  apiEvent,
  asAdmin,
  asLeader,
  asNobody,
  asResident,
  asStaff,
  bodyOf,
  lambdaContext,
  type Claims,
} from '../support/api-event.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';
import {
  accessQueries,
  acknowledgedRequest,
  assignedRequest,
  buildingLeader,
  callsBesidesAccess,
  conditionFailedOnRequest,
  ddb,
  givenStoredRequest,
  mockDependencies,
  residentOf,
  resolvedRequest,
  TABLE,
  transactions,
  unitLeader,
  writeCalls,
  type TestDependencies,
} from '../support/mock-dependencies.js';

let deps: TestDependencies;
beforeEach(() => {
  deps = mockDependencies(shanghai('2026-11-23 10:30'));
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
  vi.restoreAllMocks();
});

const ID = 'R-ACT-1';

function escalatedByLeader(id: string): ServiceRequest {
  const assigned = assignedRequest(id);
  const actor = { kind: 'leader' as const, id: unitLeader().holderId };
  return actAsLeader(assigned, actor, 'escalate', undefined, { config, now: shanghai('2026-11-23 10:20') })
    .request;
}
const unit = () => asLeader(unitLeader().holderId);

/** The request as stored after the person's action, with the digest of what they asked. */
const asked = (request: ServiceRequest, action: string, body: object): ServiceRequest => ({
  ...request,
  lastEvent: { ...request.lastEvent!, digest: contentDigest({ action, ...body }) },
});
const resident = () => asResident(residentOf().personId, DEMO_HOUSEHOLD_ID);

function act(action: string, claims: Claims, body?: unknown, id = ID) {
  return handler(
    apiEvent({
      method: 'POST',
      path: `/requests/${id}/${action}`,
      routeKey: 'POST /requests/{id}/{action}',
      pathParameters: { id, action },
      claims,
      body,
    }),
    lambdaContext,
  );
}

const secondsUntil = (deadline: string) =>
  Math.ceil((Date.parse(deadline) - deps.clock.now().getTime()) / 1000);
const fieldsOf = (response: { body?: string }) =>
  (bodyOf(response).errors as { field: string }[]).map((error) => error.field);

describe('POST /requests/{id}/{action}', () => {
  describe('a leader acknowledges the request they hold', () => {
    beforeEach(() => givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' }));

    it('answers 200 with the request acknowledged at the next version', async () => {
      const response = await act('acknowledge', unit());

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({
        id: ID,
        status: 'acknowledged',
        version: 3,
        lastEvent: { event: 'acknowledged', actorId: unitLeader().holderId },
      });
    });

    it('reads the request consistently', async () => {
      await act('acknowledge', unit());

      expect(ddb.commandCalls(GetCommand, { Key: keys.request(ID), ConsistentRead: true })).toHaveLength(1);
    });

    it('writes only if the request is still at the version and the task token it read', async () => {
      await act('acknowledge', unit());

      const [transaction, ...others] = transactions();
      expect(others).toHaveLength(0);
      const [request, entry, tally, ...rest] = transaction!;
      expect(rest).toHaveLength(0);
      // The first acknowledgement counts for the charts, in the same transaction (so once).
      expect(tally?.Update).toMatchObject({
        Key: { PK: `TALLY#${household().ancestors.community}` },
        ExpressionAttributeNames: { '#c0': expect.stringMatching(/^acknowledgedWithin:/) },
        ExpressionAttributeValues: { ':c0': 1 },
      });
      expect(request?.Put).toMatchObject({
        TableName: TABLE,
        ConditionExpression: 'version = :version AND taskToken = :token',
        ExpressionAttributeValues: { ':version': 2, ':token': 'token-v2' },
        Item: {
          PK: `REQ#${ID}`,
          SK: 'REQUEST',
          status: 'acknowledged',
          version: 3,
          GSI1PK: `ASSIGNEE#${unitLeader().holderId}`,
          GSI2PK: `AREA#${household().ancestors.community}#acknowledged`,
        },
      });
      expect(String(request?.Put?.Item?.GSI1SK)).toMatch(/^acknowledged#/);
      // The consumed token stays, so a retried action can still complete that task.
      expect(request?.Put?.Item).toHaveProperty('taskToken', 'token-v2');
      expect(entry?.Put).toMatchObject({
        ConditionExpression: 'attribute_not_exists(PK)',
        Item: { PK: `REQ#${ID}`, SK: 'EVT#00000003', event: 'acknowledged', version: 3 },
      });
    });

    it('completes the waiting workflow task with the stored token and the next step, after the write', async () => {
      ddb.on(TransactWriteCommand).callsFake(() => {
        expect(deps.workflow.completed).toEqual([]);
        return {};
      });

      const response = await act('acknowledge', unit());

      const { deadline, reminderAt } = bodyOf(response);
      expect(deadline).toBe(assignedRequest(ID).resolveBy);
      expect(Date.parse(String(reminderAt))).toBeLessThan(Date.parse(String(deadline)));
      // The wait for the resolution runs to its reminder first.
      expect(deps.workflow.completed).toEqual([
        {
          taskToken: 'token-v2',
          step: { next: 'await-leader', version: 3, timeoutSeconds: secondsUntil(String(reminderAt)) },
        },
      ]);
    });

    it('still answers 200 when the task is gone: the workflow reconciles from the table', async () => {
      deps.workflow.taskStillWaiting = false;

      expect((await act('acknowledge', unit())).statusCode).toBe(200);
      expect(deps.workflow.completed).toHaveLength(1);
    });
  });

  it('expects no task token when the workflow has not registered one yet, and completes no task', async () => {
    givenStoredRequest({ request: assignedRequest(ID) });

    expect((await act('acknowledge', unit())).statusCode).toBe(200);

    const request = transactions()[0]![0]!.Put!;
    expect(request.ConditionExpression).toBe('version = :version AND attribute_not_exists(taskToken)');
    expect(request.ExpressionAttributeValues).toEqual({ ':version': 2 });
    expect(deps.workflow.completed).toEqual([]);
  });

  describe('a leader resolves the request', () => {
    beforeEach(() => givenStoredRequest({ request: acknowledgedRequest(ID), taskToken: 'token-v3' }));

    it('queues the resident’s SMS in the same transaction, for the outbox to send', async () => {
      const response = await act('resolve', unit(), { note: '已更换灯泡' });

      expect(response.statusCode).toBe(200);
      const [, , message] = transactions()[0]!;
      expect(message?.Put).toMatchObject({
        ConditionExpression: 'attribute_not_exists(PK)',
        Item: {
          PK: `REQ#${ID}`,
          SK: `MSG#4#${residentOf().personId}`,
          type: 'message',
          status: 'queued',
          to: { kind: 'phone', phone: residentOf().phone },
          kind: 'request-update',
          recipientRole: 'resident',
          urgent: false,
          template: 'resolved',
          params: [shortReference(ID), expect.any(String), expect.any(String), expect.any(String)],
          text: expect.stringMatching(/已办结/),
        },
      });
      expect(deps.notifier.sms).toEqual([]);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    });

    it('hands the workflow over to the resident', async () => {
      const response = await act('resolve', unit(), { note: '已更换灯泡' });

      const deadline = String(bodyOf(response).deadline);
      expect(deps.workflow.completed).toEqual([
        {
          taskToken: 'token-v3',
          step: { next: 'await-resident', version: 4, timeoutSeconds: secondsUntil(deadline) },
        },
      ]);
      expect(secondsUntil(deadline)).toBe(config.sla.autoConfirmMinutes * 60);
    });

    it('answers 400 naming note when the resolution says nothing, and writes nothing', async () => {
      const response = await act('resolve', unit());

      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual(['note']);
      expect(callsBesidesAccess()).toHaveLength(0);
    });
  });

  describe('the resident answers a resolved request', () => {
    beforeEach(() => givenStoredRequest({ request: resolvedRequest(ID), taskToken: 'token-v4' }));

    it('confirms with a rating: the request closes and the leader’s points move in the same transaction', async () => {
      const response = await act('confirm', resident(), { rating: 5 });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({
        status: 'closed',
        closedBy: 'resident',
        rating: 5,
        version: 5,
      });
      const [transaction] = transactions();
      const [request] = transaction!;
      expect(request?.Put?.Item).not.toHaveProperty('GSI1PK');
      const transfer = transaction!.find((item) => String(item.Put?.Item?.PK).startsWith('TRANSFER#'));
      expect(transfer?.Put).toMatchObject({
        ConditionExpression: 'attribute_not_exists(PK)',
        Item: {
          PK: `TRANSFER#close:${ID}:${unitLeader().holderId}`,
          from: 'district:issuing',
          to: `leader:${unitLeader().holderId}`,
          amount: 2 + 10 + 3 + 5,
        },
      });
      expect(deps.workflow.completed).toEqual([
        { taskToken: 'token-v4', step: expect.objectContaining({ next: 'closed', version: 5 }) },
      ]);
    });

    it('answers 404 to a resident of another household, as if the request did not exist', async () => {
      const neighbour = residentOf(DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await act('confirm', asResident(neighbour.personId, DEMO_VACANT_UNIT_HOUSEHOLD_ID));

      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.completed).toEqual([]);
    });

    it('forbids a leader to confirm for the resident', async () => {
      const response = await act('confirm', unit());

      expect(response.statusCode).toBe(403);
      expect(writeCalls()).toHaveLength(0);
    });

    it('forbids staff and the district admin, whose area holds the request, to confirm for the resident', async () => {
      expect((await act('confirm', asStaff(), { rating: 5 })).statusCode).toBe(403);
      expect((await act('confirm', asAdmin(), { rating: 5 })).statusCode).toBe(403);
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.completed).toEqual([]);
    });

    it('answers 403, not 404, to a leader who is also a resident of another household', async () => {
      const leaderAtHome = asResident(unitLeader().holderId, DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await act('confirm', leaderAtHome, { rating: 5 });

      expect(response.statusCode).toBe(403);
      expect(writeCalls()).toHaveLength(0);
    });

    it('answers 400 naming rating when a rating comes with another action', async () => {
      const response = await act('reject', resident(), { rating: 1 });

      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual(['rating']);
      expect(callsBesidesAccess()).toHaveLength(0);
    });
  });

  describe('one write wins', () => {
    it('answers 409 when the request changed meanwhile, after re-reading it, and completes no task', async () => {
      const before = assignedRequest(ID);
      const escalated = escalate(before, chainOf(), { config, now: shanghai('2026-11-23 12:00') }).request;
      givenStoredRequest(
        { request: before, taskToken: 'token-v2' },
        { request: escalated, taskToken: 'token-v3' },
      );
      ddb.on(TransactWriteCommand).rejects(conditionFailedOnRequest());

      const response = await act('acknowledge', unit());

      expect(response.statusCode).toBe(409);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(bodyOf(response).detail).toMatch(/now assigned at the building level/);
      expect(ddb.commandCalls(GetCommand, { Key: keys.request(ID) })).toHaveLength(2);
      expect(transactions()).toHaveLength(1);
      expect(deps.workflow.completed).toEqual([]);
      expect(deps.notifier.sms).toEqual([]);
    });

    it('retries with the new token when only the workflow’s token changed, and completes that task', async () => {
      const before = assignedRequest(ID);
      givenStoredRequest(
        { request: before, taskToken: 'token-old' },
        { request: before, taskToken: 'token-new' },
        { request: before, taskToken: 'token-new' },
      );
      ddb.on(TransactWriteCommand).rejectsOnce(conditionFailedOnRequest()).resolves({});

      const response = await act('acknowledge', unit());

      expect(response.statusCode).toBe(200);
      const tokens = transactions().map(([request]) => request?.Put?.ExpressionAttributeValues?.[':token']);
      expect(tokens).toEqual(['token-old', 'token-new']);
      expect(deps.workflow.completed.map((call) => call.taskToken)).toEqual(['token-new']);
    });

    it('answers 200 with the stored request when the same leader’s other tap won the race', async () => {
      const before = assignedRequest(ID);
      const won = acknowledgedRequest(ID);
      givenStoredRequest({ request: before }, { request: won });
      ddb.on(TransactWriteCommand).rejects(conditionFailedOnRequest());

      const response = await act('acknowledge', unit());

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({ status: 'acknowledged', version: 3 });
      expect(transactions()).toHaveLength(1);
    });

    it('answers 409 carrying the winner when the same leader’s other tap, with another note, won the race', async () => {
      const won = asked(resolvedRequest(ID), 'resolve', { note: '已更换灯泡' });
      givenStoredRequest({ request: acknowledgedRequest(ID) }, { request: won });
      ddb.on(TransactWriteCommand).rejects(conditionFailedOnRequest());

      const response = await act('resolve', unit(), { note: '灯坏了,明天换' });

      expect(response.statusCode).toBe(409);
      expect(bodyOf(response).stored).toMatchObject({ version: 4, resolution: { note: '已更换灯泡' } });
      expect(deps.notifier.sms).toEqual([]);
    });

    it('treats a transaction conflict (another write in flight) like a lost condition: re-read and retry', async () => {
      const before = assignedRequest(ID);
      givenStoredRequest(
        { request: before, taskToken: 'token-v2' },
        { request: before, taskToken: 'token-v2' },
      );
      ddb
        .on(TransactWriteCommand)
        .rejectsOnce(
          new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
          }),
        )
        .resolves({});

      const response = await act('acknowledge', unit());

      expect(response.statusCode).toBe(200);
      expect(transactions()).toHaveLength(2);
    });

    it('lets a failure other than a lost condition surface as a 500', async () => {
      givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' });
      ddb.on(TransactWriteCommand).rejects(new Error('InternalServerError'));
      const log = vi.spyOn(logger, 'error').mockImplementation(() => {});

      expect((await act('acknowledge', unit())).statusCode).toBe(500);
      expect(log).toHaveBeenCalledOnce();
      expect(deps.workflow.completed).toEqual([]);
    });
  });

  describe('the same action repeated by the same person', () => {
    it('writes nothing and answers 200 with the request as it is', async () => {
      const acknowledged = acknowledgedRequest(ID);
      givenStoredRequest({ request: acknowledged });

      const response = await act('acknowledge', unit());

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual(JSON.parse(JSON.stringify(acknowledged)));
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.completed).toEqual([]);
    });

    it('records what was asked with the action, for a repeat to be compared with', async () => {
      givenStoredRequest({ request: acknowledgedRequest(ID) });

      await act('resolve', unit(), { note: '已更换灯泡' });

      const [[request]] = transactions() as [[{ Put?: { Item?: Partial<ServiceRequest> } }]];
      expect(request.Put?.Item?.lastEvent).toEqual({
        event: 'resolved',
        actorId: unitLeader().holderId,
        digest: contentDigest({ action: 'resolve', note: '已更换灯泡' }),
      });
    });

    it('answers 200 with the request as it is when the repeat asks the same, writing nothing', async () => {
      givenStoredRequest({ request: asked(resolvedRequest(ID), 'resolve', { note: '已更换灯泡' }) });

      const response = await act('resolve', unit(), { note: ' 已更换灯泡 ' });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({ status: 'resolved', version: 4 });
      expect(transactions()).toHaveLength(0);
    });

    it('answers 409 carrying what was stored when the repeat asks otherwise, writing and sending nothing', async () => {
      givenStoredRequest({ request: asked(resolvedRequest(ID), 'resolve', { note: '已更换灯泡' }) });

      const response = await act('resolve', unit(), { note: '换了新灯泡和开关' });

      expect(response.statusCode).toBe(409);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(fieldsOf(response)).toEqual(['resolve']);
      expect(bodyOf(response).stored).toMatchObject({
        id: ID,
        status: 'resolved',
        resolution: { note: '已更换灯泡' },
      });
      expect(writeCalls()).toHaveLength(0);
      expect(deps.notifier.sms).toEqual([]);
      expect(deps.workflow.completed).toEqual([]);
    });
  });

  describe('a leader retries an escalation the workflow already carried out', () => {
    it('answers 200 with the request as it is now, not a 409 that denies the escalation happened', async () => {
      const asked = escalatedByLeader(ID);
      const moved = escalate(asked, chainOf(), { config, now: shanghai('2026-11-23 10:31') }).request;
      givenStoredRequest({ request: moved, taskToken: 'token-v4' });

      const response = await act('escalate', unit());

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({ level: 'building' });
      expect(transactions()).toHaveLength(0);
    });
  });

  describe('who may act', () => {
    beforeEach(() => givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' }));

    it('forbids a leader the request is not assigned to', async () => {
      const response = await act('acknowledge', asLeader(buildingLeader().holderId));

      expect(response.statusCode).toBe(403);
      expect(writeCalls()).toHaveLength(0);
    });

    it('forbids a resident to act as the leader on their own household’s request', async () => {
      const response = await act('acknowledge', resident());

      expect(response.statusCode).toBe(403);
      expect(writeCalls()).toHaveLength(0);
    });

    it('answers 404 to a resident acting as the leader on another household’s request', async () => {
      const neighbour = residentOf(DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await act(
        'acknowledge',
        asResident(neighbour.personId, DEMO_VACANT_UNIT_HOUSEHOLD_ID),
      );

      expect(response.statusCode).toBe(404);
      expect(bodyOf(response).detail).toBe(`Request ${ID} does not exist.`);
      expect(writeCalls()).toHaveLength(0);
    });

    it('forbids staff and the district admin to act for the assigned leader: only the assignee acts', async () => {
      expect((await act('acknowledge', asStaff())).statusCode).toBe(403);
      expect((await act('resolve', asAdmin(), { note: '已处理' })).statusCode).toBe(403);
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.completed).toEqual([]);
    });

    it('answers 403 to a person who holds no post or role, reading nothing but their access', async () => {
      const response = await act('acknowledge', asNobody());

      expect(response.statusCode).toBe(403);
      expect(accessQueries()).toHaveLength(1);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 409 to a leader whose request was escalated before the action arrived', async () => {
      const escalated: ServiceRequest = escalate(assignedRequest(ID), chainOf(), {
        config,
        now: shanghai('2026-11-23 12:00'),
      }).request;
      givenStoredRequest({ request: escalated });

      const response = await act('acknowledge', unit());

      expect(response.statusCode).toBe(409);
      expect(bodyOf(response).detail).toMatch(/escalated/);
      expect(writeCalls()).toHaveLength(0);
    });

    it('answers 401 without reading anything when the token carries no claims', async () => {
      const response = await act('acknowledge', {});

      expect(response.statusCode).toBe(401);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(ddb.calls()).toHaveLength(0);
    });

    it('answers 400 for an action that does not exist, reading nothing but the caller’s access', async () => {
      const response = await act('delete', asStaff());

      expect(response.statusCode).toBe(400);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 404 for a request that does not exist', async () => {
      const response = await act('acknowledge', unit(), undefined, 'R-NOWHERE');

      expect(response.statusCode).toBe(404);
      expect(writeCalls()).toHaveLength(0);
    });
  });
});
