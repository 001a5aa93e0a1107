import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/api/submit-request.js';
import { DEMO_HOUSEHOLD_ID, DEMO_VACANT_UNIT_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { logger } from '../../shared/logger.js';
import { contentDigest } from '../../shared/domain/idempotency.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import { idempotentRequestId } from '../../shared/domain/ids.js';
import { indexes, keys } from '../../shared/store/keys.js';
import {
  apiEvent,
  asAdmin,
  asLeader,
  asNobody,
  asOutsideStaff,
  asResident,
  asStaff,
  bodyOf,
  lambdaContext,
  type Claims,
} from '../support/api-event.js';
import { chainOf } from '../support/fixtures.js';
import {
  accessQueries,
  callsBesidesAccess,
  conditionFailedOnRequest,
  ddb,
  givenHousehold,
  givenStoredRequest,
  mockDependencies,
  residentOf,
  submittedRequest,
  TABLE,
  transactions,
  unitLeader,
  writeCalls,
  type TestDependencies,
} from '../support/mock-dependencies.js';

let deps: TestDependencies;
beforeEach(() => {
  deps = mockDependencies();
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
  vi.restoreAllMocks();
});

const resident = () => asResident(residentOf().personId, DEMO_HOUSEHOLD_ID);
const validBody = { category: 'repair', description: '楼道灯不亮了' };
const fieldsOf = (response: { body?: string }) =>
  (bodyOf(response).errors as { field: string }[]).map((error) => error.field);

function post(body: unknown, claims: Claims = resident(), headers: Record<string, string> = {}) {
  return handler(
    apiEvent({ method: 'POST', path: '/requests', routeKey: 'POST /requests', claims, body, headers }),
    lambdaContext,
  );
}

describe('POST /requests', () => {
  describe('a resident submits a request for their household', () => {
    it('answers 201 with the new request, submitted at version 1', async () => {
      givenHousehold();

      const response = await post(validBody);

      expect(response.statusCode).toBe(201);
      expect(response.headers?.['content-type']).toBe('application/json');
      expect(bodyOf(response)).toMatchObject({
        householdId: DEMO_HOUSEHOLD_ID,
        category: 'repair',
        description: '楼道灯不亮了',
        priority: 'normal',
        photos: [],
        status: 'submitted',
        version: 1,
        submittedBy: { kind: 'resident', id: residentOf().personId },
        createdAt: deps.clock.now().toISOString(),
      });
    });

    it('looks the household up by its node key', async () => {
      givenHousehold();

      await post(validBody);

      expect(
        ddb.commandCalls(GetCommand, { TableName: TABLE, Key: keys.node(DEMO_HOUSEHOLD_ID) }),
      ).toHaveLength(1);
    });

    it('writes the request and its first timeline entry in one transaction, each only if new', async () => {
      const home = givenHousehold();

      const id = String(bodyOf(await post(validBody)).id);

      const [transaction, ...others] = transactions();
      expect(others).toHaveLength(0);
      expect(transaction).toHaveLength(3);
      const [request, entry, tally] = transaction!;
      // Raised counts for the charts, in the same transaction (so once).
      expect(tally?.Update).toMatchObject({
        Key: { PK: `TALLY#${home.ancestors.community}` },
        ExpressionAttributeNames: { '#c0': 'raised', '#c1': 'raised:repair' },
      });
      expect(request?.Put).toMatchObject({
        TableName: TABLE,
        ConditionExpression: 'attribute_not_exists(PK)',
        Item: {
          PK: `REQ#${id}`,
          SK: 'REQUEST',
          status: 'submitted',
          version: 1,
          GSI2PK: `AREA#${home.ancestors.community}#submitted`,
          GSI2SK: `${indexes.inArea.placePrefix([home.ancestors.grid, home.ancestors.building, home.ancestors.unit])}${deps.clock.now().toISOString()}#${id}`,
          GSI3PK: `HOUSEHOLD#${DEMO_HOUSEHOLD_ID}`,
          GSI3SK: `${deps.clock.now().toISOString()}#${id}`,
        },
      });
      expect(request?.Put?.ExpressionAttributeValues).toBeUndefined();
      expect(request?.Put?.Item).not.toHaveProperty('GSI1PK');
      expect(request?.Put?.Item).not.toHaveProperty('taskToken');
      expect(entry?.Put).toMatchObject({
        TableName: TABLE,
        ConditionExpression: 'attribute_not_exists(PK)',
        Item: {
          PK: `REQ#${id}`,
          SK: 'EVT#00000001',
          requestId: id,
          version: 1,
          event: 'submitted',
          actor: { kind: 'resident', id: residentOf().personId },
        },
      });
    });

    it('stores the request and starts no execution: its insert on the table’s stream starts the workflow', async () => {
      givenHousehold();

      const response = await post(validBody);

      expect(response.statusCode).toBe(201);
      const id = String(bodyOf(response).id);
      expect(transactions()[0]?.[0]?.Put?.Item).toMatchObject({ PK: `REQ#${id}`, SK: 'REQUEST' });
      expect(deps.workflow.started).toEqual([]);
    });

    it('answers 500 without internals when the write fails, and starts nothing', async () => {
      const log = vi.spyOn(logger, 'error').mockImplementation(() => {});
      givenHousehold();
      ddb
        .on(TransactWriteCommand)
        .rejects(new Error('ProvisionedThroughputExceededException: table sanzhang'));

      const response = await post(validBody);

      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/sanzhang|Throughput/);
      expect(deps.workflow.started).toEqual([]);
      // The error itself is logged, with its stack.
      expect(log).toHaveBeenCalledWith(
        'unhandled error',
        expect.objectContaining({
          error: expect.objectContaining({
            message: expect.stringContaining('ProvisionedThroughputExceededException'),
            stack: expect.any(String),
          }),
        }),
      );
    });
  });

  describe('on behalf of a household', () => {
    it('lets staff submit for a household of their community they name', async () => {
      givenHousehold();

      const response = await post({ ...validBody, householdId: DEMO_HOUSEHOLD_ID }, asStaff());

      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toMatchObject({
        householdId: DEMO_HOUSEHOLD_ID,
        submittedBy: { kind: 'leader', id: 'staff-1' },
      });
    });

    it('lets a leader submit for a household in their area, which need not be on their own unit', async () => {
      const gridLeader = chainOf()[2]!.post!.holderId;
      givenHousehold(DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await post(
        { ...validBody, householdId: DEMO_VACANT_UNIT_HOUSEHOLD_ID },
        asLeader(gridLeader),
      );

      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toMatchObject({
        householdId: DEMO_VACANT_UNIT_HOUSEHOLD_ID,
        submittedBy: { kind: 'leader', id: gridLeader },
      });
      expect(transactions()).toHaveLength(1);
    });

    it('lets the district admin submit for any household', async () => {
      givenHousehold();

      const response = await post({ ...validBody, householdId: DEMO_HOUSEHOLD_ID }, asAdmin());

      expect(response.statusCode).toBe(201);
    });

    it('answers 422 naming householdId when staff do not say which household, reading nothing but their access', async () => {
      const response = await post(validBody, asStaff());

      expect(response.statusCode).toBe(422);
      expect(bodyOf(response).errors).toEqual([expect.objectContaining({ field: 'householdId' })]);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('forbids a resident to submit for another household: 403 naming householdId, nothing written', async () => {
      givenHousehold(DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await post({ ...validBody, householdId: DEMO_VACANT_UNIT_HOUSEHOLD_ID });

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['householdId']);
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.started).toEqual([]);
    });

    it('forbids a leader to submit for a household outside their area: 403 naming householdId, nothing written', async () => {
      // The unit leader of 3栋 2单元; the household lives in 1栋 2单元 of the same grid.
      givenHousehold(DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await post(
        { ...validBody, householdId: DEMO_VACANT_UNIT_HOUSEHOLD_ID },
        asLeader(unitLeader().holderId),
      );

      expect(response.statusCode).toBe(403);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(fieldsOf(response)).toEqual(['householdId']);
      expect(bodyOf(response).detail).toContain(DEMO_VACANT_UNIT_HOUSEHOLD_ID);
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.started).toEqual([]);
    });

    it('forbids staff of another community to submit for the household', async () => {
      givenHousehold();

      const response = await post({ ...validBody, householdId: DEMO_HOUSEHOLD_ID }, asOutsideStaff());

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['householdId']);
      expect(writeCalls()).toHaveLength(0);
    });
  });

  describe('who is calling', () => {
    it('reads the caller’s posts and roles first, with one Query on the holder index (GSI3)', async () => {
      givenHousehold();

      await post(validBody);

      const [access, ...others] = accessQueries();
      expect(others).toHaveLength(0);
      expect(access!.args[0].input).toMatchObject({
        TableName: TABLE,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :holder',
        ExpressionAttributeValues: { ':holder': `HOLDER#${residentOf().personId}` },
      });
      expect(ddb.call(0).args[0]).toBe(access!.args[0]);
    });

    it('answers 403 to a person who holds no post or role and has no household, reading nothing more', async () => {
      const response = await post({ ...validBody, householdId: DEMO_HOUSEHOLD_ID }, asNobody());

      expect(response.statusCode).toBe(403);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(accessQueries()).toHaveLength(1);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 401 without reading anything when the token carries no person id', async () => {
      const response = await post(validBody, {});

      expect(response.statusCode).toBe(401);
      expect(ddb.calls()).toHaveLength(0);
    });

    it('answers 401 when the token carries a household but no person id', async () => {
      const response = await post(validBody, { 'custom:household_id': DEMO_HOUSEHOLD_ID });

      expect(response.statusCode).toBe(401);
      expect(ddb.calls()).toHaveLength(0);
    });
  });

  describe('rejected input writes nothing', () => {
    it('answers 422 problem+json naming householdId when the household does not exist', async () => {
      const response = await post({ ...validBody, householdId: 'hh-nowhere' }, asStaff());

      expect(response.statusCode).toBe(422);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      const problem = bodyOf(response);
      expect(problem).toMatchObject({ status: 422, title: 'Unprocessable request', instance: '/requests' });
      expect((problem.errors as { field: string }[])[0]?.field).toBe('householdId');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(deps.workflow.started).toEqual([]);
    });

    it('answers 400 for a body that is not JSON, reading nothing but the caller’s access', async () => {
      const response = await post('{"category": "repair",');

      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(bodyOf(response).errors).toEqual([{ field: 'body', message: 'malformed JSON' }]);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 400 for an empty body', async () => {
      const response = await post(undefined);

      expect(response.statusCode).toBe(400);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 400 naming every invalid field, and an unknown one', async () => {
      const response = await post({ category: '', description: 'x', priority: 'asap', colour: 'red' });

      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual(['category', 'description', 'priority', 'colour']);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 400 naming category when the district has no such category', async () => {
      givenHousehold();

      const response = await post({ ...validBody, category: 'ufo' });

      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)[0]).toBe('category');
      expect(writeCalls()).toHaveLength(0);
    });

    it('answers 400 for a malformed Idempotency-Key', async () => {
      const response = await post(validBody, resident(), { 'idempotency-key': 'short' });

      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)[0]).toBe('Idempotency-Key');
      expect(callsBesidesAccess()).toHaveLength(0);
    });
  });

  describe('with an Idempotency-Key', () => {
    const key = 'retry-key-0001';
    const id = idempotentRequestId(residentOf().personId, key);
    const keyed = (request: ServiceRequest, body: Record<string, unknown> = validBody) => ({
      ...request,
      submissionDigest: contentDigest({
        priority: 'normal',
        photos: [],
        ...body,
        householdId: DEMO_HOUSEHOLD_ID,
      }),
    });

    it('derives the request id from the caller and the key', async () => {
      givenHousehold();

      const response = await post(validBody, resident(), { 'idempotency-key': key });

      expect(response.statusCode).toBe(201);
      expect(bodyOf(response).id).toBe(id);
      expect(ddb.commandCalls(GetCommand, { Key: keys.request(id), ConsistentRead: true })).toHaveLength(1);
    });

    it('replays the stored request with 200, writes nothing, and starts no execution (its insert did)', async () => {
      givenHousehold();
      const stored = submittedRequest(id);
      givenStoredRequest({ request: stored });

      const response = await post(validBody, resident(), { 'idempotency-key': key });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual(JSON.parse(JSON.stringify(stored)));
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.started).toEqual([]);
    });

    it('replays the stored request with 200 when the retry asks the same, defaults written out or not', async () => {
      givenHousehold();
      const stored = keyed(submittedRequest(id));
      givenStoredRequest({ request: stored });

      const response = await post(
        { ...validBody, priority: 'normal', householdId: DEMO_HOUSEHOLD_ID },
        resident(),
        {
          'idempotency-key': key,
        },
      );

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).id).toBe(id);
      expect(writeCalls()).toHaveLength(0);
    });

    it('answers 409 carrying the stored request when the key was used for other content, and writes nothing', async () => {
      givenHousehold();
      const stored = keyed(submittedRequest(id));
      givenStoredRequest({ request: stored });

      const response = await post({ ...validBody, description: '水管漏水' }, resident(), {
        'idempotency-key': key,
      });

      expect(response.statusCode).toBe(409);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(fieldsOf(response)[0]).toBe('Idempotency-Key');
      expect(bodyOf(response).stored).toMatchObject({ id, description: stored.description });
      expect(writeCalls()).toHaveLength(0);
      expect(deps.workflow.started).toEqual([]);
    });

    it('answers 409 when staff reuse their key for another household: a key is the caller’s, not the household’s', async () => {
      const staffId = idempotentRequestId('staff-1', key);
      givenHousehold();
      givenStoredRequest({
        request: {
          ...submittedRequest(staffId),
          submissionDigest: contentDigest({ ...validBody, householdId: 'h-other' }),
        },
      });

      const response = await post({ ...validBody, householdId: DEMO_HOUSEHOLD_ID }, asStaff(), {
        'idempotency-key': key,
      });

      expect(response.statusCode).toBe(409);
      expect(writeCalls()).toHaveLength(0);
    });

    it('checks the caller’s area before the replay: an outsider with the same key and body gets 403, not the request', async () => {
      givenHousehold();
      givenStoredRequest({ request: submittedRequest(id) });

      const response = await post({ ...validBody, householdId: DEMO_HOUSEHOLD_ID }, asOutsideStaff(), {
        'idempotency-key': key,
      });

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['householdId']);
      expect(response.body).not.toContain(id);
      expect(ddb.commandCalls(GetCommand, { Key: keys.request(id) })).toHaveLength(0);
      expect(deps.workflow.started).toEqual([]);
    });

    it('answers 200 with the winner when a concurrent retry stored the request first, starting no execution (the winner’s insert did)', async () => {
      givenHousehold();
      const winner = submittedRequest(id);
      ddb
        .on(GetCommand, { Key: keys.request(id) })
        .resolvesOnce({})
        .resolves({ Item: { ...keys.request(id), ...winner } });
      ddb.on(TransactWriteCommand).rejects(conditionFailedOnRequest());

      const response = await post(validBody, resident(), { 'idempotency-key': key });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).createdAt).toBe(winner.createdAt);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(deps.workflow.started).toEqual([]);
    });
  });
});
