import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/api/list-requests.js';
import { DEMO_HOUSEHOLD_ID } from '../../shared/demo/lvyuan-district.js';
import { maskPhone } from '../../shared/domain/privacy.js';
import type { RequestSummary, ServiceRequest } from '../../shared/domain/request.js';
import { INDEX_PROJECTION, indexes, keys } from '../../shared/store/keys.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import {
  apiEvent,
  asLeader,
  asResident,
  asStaff,
  bodyOf,
  lambdaContext,
  type Claims,
} from '../support/api-event.js';
import {
  acknowledgedRequest,
  assignedRequest,
  ddb,
  mockDependencies,
  residentOf,
  resolvedRequest,
  TABLE,
  unitLeader,
} from '../support/mock-dependencies.js';

beforeEach(() => {
  mockDependencies();
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
});

function list(claims: Claims, query: Record<string, string> = {}) {
  return handler(
    apiEvent({ method: 'GET', path: '/requests', routeKey: 'GET /requests', claims, query }),
    lambdaContext,
  );
}

const queryInput = () => {
  const queries = ddb.commandCalls(QueryCommand);
  expect(queries).toHaveLength(1);
  return queries[0]!.args[0].input;
};

/** An item as a Query on an index returns it: the table keys, that index's keys and the projected attributes. */
function indexItem(request: ServiceRequest, index: 'GSI1' | 'GSI2' | 'GSI3') {
  const item: Record<string, unknown> = { ...keys.request(request.id) };
  const indexKeys: Record<typeof index, [string, string]> = {
    GSI1: [
      indexes.byAssignee.pk(request.assignee?.holderId ?? ''),
      indexes.byAssignee.sk(request.status, request.createdAt, request.id),
    ],
    GSI2: [indexes.byStatus.pk(request.status), indexes.byStatus.sk(request.createdAt, request.id)],
    GSI3: [
      indexes.byHousehold.pk(request.householdId),
      indexes.byHousehold.sk(request.createdAt, request.id),
    ],
  };
  [item[`${index}PK`], item[`${index}SK`]] = indexKeys[index];
  for (const name of INDEX_PROJECTION) {
    if (name in request) item[name] = request[name as keyof ServiceRequest];
  }
  return item;
}

const items = (response: { body?: string }) => bodyOf(response).items as RequestSummary[];

describe('GET /requests', () => {
  describe('a leader', () => {
    const leader = () => asLeader(unitLeader().holderId);

    it('lists the requests they hold in a status: GSI1 by assignee, status as the sort key prefix', async () => {
      const response = await list(leader(), { status: 'assigned' });

      expect(response.statusCode).toBe(200);
      expect(queryInput()).toEqual({
        TableName: TABLE,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :status)',
        ExpressionAttributeValues: { ':pk': `ASSIGNEE#${unitLeader().holderId}`, ':status': 'assigned#' },
        Limit: 20,
      });
    });

    it('lists everything they hold without a status, with the limit asked for', async () => {
      await list(leader(), { limit: '5' });

      expect(queryInput()).toMatchObject({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `ASSIGNEE#${unitLeader().holderId}` },
        Limit: 5,
      });
    });

    it('sees the summaries the index projects, the holder’s phone masked and no table keys', async () => {
      ddb.on(QueryCommand).resolves({ Items: [indexItem(assignedRequest('R-1'), 'GSI1')] });

      const response = await list(leader(), { status: 'assigned' });

      const [item] = items(response);
      expect(item).toMatchObject({
        id: 'R-1',
        status: 'assigned',
        version: 2,
        householdId: DEMO_HOUSEHOLD_ID,
      });
      expect(item?.assignee?.holderPhone).toBe(maskPhone(unitLeader().holderPhone));
      expect(item).not.toHaveProperty('PK');
      expect(item).not.toHaveProperty('GSI1PK');
      expect(response.body).not.toContain(unitLeader().holderPhone);
    });

    it('is forbidden to list another leader’s requests', async () => {
      const response = await list(leader(), { assignee: 'someone-else' });

      expect(response.statusCode).toBe(403);
      expect(ddb.calls()).toHaveLength(0);
    });
  });

  describe('staff', () => {
    it('must say which requests to list: 400 naming status, nothing queried', async () => {
      const response = await list(asStaff());

      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect((bodyOf(response).errors as { field: string }[])[0]?.field).toBe('status');
      expect(ddb.calls()).toHaveLength(0);
    });

    it('list a status across the district on GSI2', async () => {
      ddb.on(QueryCommand).resolves({ Items: [indexItem(assignedRequest('R-1'), 'GSI2')] });

      const response = await list(asStaff(), { status: 'assigned' });

      expect(queryInput()).toMatchObject({
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': 'STATUS#assigned' },
      });
      expect(items(response)[0]?.assignee?.holderPhone).toBe(unitLeader().holderPhone);
    });

    it('list any leader’s requests on GSI1', async () => {
      await list(asStaff(), { assignee: unitLeader().holderId, status: 'acknowledged' });

      expect(queryInput()).toMatchObject({
        IndexName: 'GSI1',
        ExpressionAttributeValues: { ':pk': `ASSIGNEE#${unitLeader().holderId}`, ':status': 'acknowledged#' },
      });
    });

    it('list a household’s requests on GSI3', async () => {
      await list(asStaff(), { householdId: DEMO_HOUSEHOLD_ID });

      expect(queryInput()).toMatchObject({
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `HOUSEHOLD#${DEMO_HOUSEHOLD_ID}` },
      });
    });

    it('answers 400 for a status that does not exist, and for a limit over 100', async () => {
      expect((await list(asStaff(), { status: 'lost' })).statusCode).toBe(400);
      expect((await list(asStaff(), { status: 'assigned', limit: '101' })).statusCode).toBe(400);
      expect(ddb.calls()).toHaveLength(0);
    });
  });

  describe('a resident', () => {
    const resident = () => asResident(residentOf().personId, DEMO_HOUSEHOLD_ID);

    it('lists their own household on GSI3, filtering by status in the handler', async () => {
      ddb.on(QueryCommand).resolves({
        Items: [
          indexItem(assignedRequest('R-1'), 'GSI3'),
          indexItem(resolvedRequest('R-2'), 'GSI3'),
          indexItem(acknowledgedRequest('R-3'), 'GSI3'),
        ],
      });

      const response = await list(resident(), { status: 'resolved' });

      expect(queryInput()).toMatchObject({
        IndexName: 'GSI3',
        ExpressionAttributeValues: { ':pk': `HOUSEHOLD#${DEMO_HOUSEHOLD_ID}` },
      });
      expect(items(response).map((item) => item.id)).toEqual(['R-2']);
    });

    it('is forbidden to list another household', async () => {
      const response = await list(resident(), { householdId: 'hh-someone-else' });

      expect(response.statusCode).toBe(403);
      expect((bodyOf(response).errors as { field: string }[])[0]?.field).toBe('householdId');
      expect(ddb.calls()).toHaveLength(0);
    });
  });

  describe('paging', () => {
    it('returns an opaque cursor that, sent back, continues where the page ended', async () => {
      const lastKey = {
        PK: 'REQ#R-1',
        SK: 'REQUEST',
        GSI2PK: 'STATUS#assigned',
        GSI2SK: '2026-11-23T02:00:00.000Z#R-1',
      };
      ddb
        .on(QueryCommand)
        .resolvesOnce({ Items: [indexItem(assignedRequest('R-1'), 'GSI2')], LastEvaluatedKey: lastKey })
        .resolves({ Items: [indexItem(assignedRequest('R-2'), 'GSI2')] });

      const first = await list(asStaff(), { status: 'assigned', limit: '1' });
      const nextCursor = String(bodyOf(first).nextCursor);
      expect(nextCursor).toMatch(/^[\w-]+$/);
      expect(nextCursor).not.toContain('REQ#');

      const second = await list(asStaff(), { status: 'assigned', limit: '1', cursor: nextCursor });

      expect(second.statusCode).toBe(200);
      expect(bodyOf(second)).not.toHaveProperty('nextCursor');
      const queries = ddb.commandCalls(QueryCommand);
      expect(queries).toHaveLength(2);
      expect(queries[0]!.args[0].input.ExclusiveStartKey).toBeUndefined();
      expect(queries[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    });

    it('answers 400 naming cursor for a cursor this API never returned', async () => {
      const response = await list(asStaff(), { status: 'assigned', cursor: 'not-a-cursor' });

      expect(response.statusCode).toBe(400);
      expect((bodyOf(response).errors as { field: string }[])[0]?.field).toBe('cursor');
      expect(ddb.calls()).toHaveLength(0);
    });
  });

  it('answers 401 without querying when the token carries no person id', async () => {
    const response = await list({ 'custom:role': 'staff' });

    expect(response.statusCode).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });
});
