import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/api/list-requests.js';
import { DEMO_HOUSEHOLD_ID, DEMO_VACANT_UNIT_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { maskPhone } from '../../shared/domain/privacy.js';
import type { RequestSummary, ServiceRequest } from '../../shared/domain/request.js';
import { INDEX_PROJECTION, indexes, keys } from '../../shared/store/keys.js';
import {
  apiEvent,
  asAdmin,
  asLeader,
  asNobody,
  asOutsideStaff,
  asResident,
  asServiceStaff,
  asStaff,
  bodyOf,
  lambdaContext,
  type Claims,
} from '../support/api-event.js';
import { chainOf, household } from '../support/fixtures.js';
import {
  accessQueries,
  acknowledgedRequest,
  assignedRequest,
  callsBesidesAccess,
  dataQueries,
  ddb,
  givenHousehold,
  givenNode,
  residentOf,
  resolvedRequest,
  TABLE,
  unitLeader,
  mockDependenciesForEachTest,
} from '../support/mock-dependencies.js';

mockDependenciesForEachTest();

function list(claims: Claims, query: Record<string, string> = {}) {
  return handler(
    apiEvent({ method: 'GET', path: '/requests', routeKey: 'GET /requests', claims, query }),
    lambdaContext,
  );
}

/** The one Query the listing made, besides the caller's access. */
const queryInput = () => {
  const queries = dataQueries();
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
    GSI2: [
      indexes.inArea.pk(request.ancestors.community, request.status),
      indexes.inArea.sk(
        [request.ancestors.grid ?? '', request.ancestors.building ?? '', request.ancestors.unit ?? ''],
        request.createdAt,
        request.id,
      ),
    ],
    GSI3: [
      indexes.byHousehold.pk(request.householdId ?? ''),
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
const fieldsOf = (response: { body?: string }) =>
  (bodyOf(response).errors as { field: string }[]).map((error) => error.field);

/** Where the demo household lives: 银融社区 第一网格 3栋 2单元, and the holders of those posts. */
const home = household().ancestors;
const holderAt = (index: number) => chainOf()[index]!.post!.holderId;
const gridLeader = () => asLeader(holderAt(2));
const streetStaff = () => asLeader(holderAt(4));

describe('GET /requests', () => {
  describe('a leader', () => {
    const leader = () => asLeader(unitLeader().holderId);

    it('lists the requests they hold in a status: GSI1 by assignee, status as the sort key prefix', async () => {
      const response = await list(leader(), { status: 'assigned' });

      expect(response.statusCode).toBe(200);
      expect(queryInput()).toEqual({
        TableName: TABLE,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `ASSIGNEE#${unitLeader().holderId}`, ':prefix': 'assigned#' },
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

    it('lists their own requests when they name themselves as the assignee', async () => {
      const response = await list(leader(), { assignee: unitLeader().holderId });

      expect(response.statusCode).toBe(200);
      expect(queryInput()).toMatchObject({
        ExpressionAttributeValues: { ':pk': `ASSIGNEE#${unitLeader().holderId}` },
      });
    });

    it('sees the summaries the index projects, phones in full where they serve, and no table keys', async () => {
      ddb
        .on(QueryCommand, { IndexName: 'GSI1' })
        .resolves({ Items: [indexItem(assignedRequest('R-1'), 'GSI1')] });

      const response = await list(leader(), { status: 'assigned' });

      const [item] = items(response);
      expect(item).toMatchObject({
        id: 'R-1',
        status: 'assigned',
        version: 2,
        householdId: DEMO_HOUSEHOLD_ID,
        ancestors: home,
      });
      expect(item?.assignee?.holderPhone).toBe(unitLeader().holderPhone);
      expect(item).not.toHaveProperty('PK');
      expect(item).not.toHaveProperty('GSI1PK');
      expect(item).not.toHaveProperty('GSI1SK');
    });

    it('is forbidden to list another leader’s requests: 403 naming assignee, nothing queried', async () => {
      const response = await list(leader(), { assignee: 'someone-else' });

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['assignee']);
      expect(callsBesidesAccess()).toHaveLength(0);
    });
  });

  describe('an area: node= and status=', () => {
    it('lists a grid leader’s grid on GSI2: the community and status as the key, the grid as the sort key prefix', async () => {
      givenNode(home.grid);
      ddb
        .on(QueryCommand, { IndexName: 'GSI2' })
        .resolves({ Items: [indexItem(assignedRequest('R-1'), 'GSI2')] });

      const response = await list(gridLeader(), { node: home.grid, status: 'assigned' });

      expect(response.statusCode).toBe(200);
      expect(queryInput()).toEqual({
        TableName: TABLE,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': `AREA#${home.community}#assigned`,
          ':prefix': `${home.grid}#`,
        },
        Limit: 20,
      });
      expect(items(response).map((item) => item.id)).toEqual(['R-1']);
      // The grid leader calls the people of their grid: the phones are in full.
      expect(items(response)[0]?.assignee?.holderPhone).toBe(unitLeader().holderPhone);
    });

    it('narrows to a building and to a unit with the longer prefix of the place path', async () => {
      givenNode(home.building);
      givenNode(home.unit);

      await list(gridLeader(), { node: home.building, status: 'acknowledged' });
      await list(asLeader(unitLeader().holderId), { node: home.unit, status: 'resolved' });

      expect(dataQueries().map((call) => call.args[0].input.ExpressionAttributeValues)).toEqual([
        { ':pk': `AREA#${home.community}#acknowledged`, ':prefix': `${home.grid}#${home.building}#` },
        {
          ':pk': `AREA#${home.community}#resolved`,
          ':prefix': `${home.grid}#${home.building}#${home.unit}#`,
        },
      ]);
    });

    it('lists a whole community for its staff without a prefix, phones in full', async () => {
      givenNode(home.community);
      ddb
        .on(QueryCommand, { IndexName: 'GSI2' })
        .resolves({ Items: [indexItem(assignedRequest('R-1'), 'GSI2')] });

      const response = await list(asStaff(), { node: home.community, status: 'assigned' });

      expect(queryInput()).toMatchObject({
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `AREA#${home.community}#assigned` },
      });
      expect(queryInput().ExpressionAttributeValues).not.toHaveProperty(':prefix');
      expect(items(response)[0]?.assignee?.holderPhone).toBe(unitLeader().holderPhone);
    });

    it('lets service staff list their grid, phones masked', async () => {
      givenNode(home.grid);
      ddb
        .on(QueryCommand, { IndexName: 'GSI2' })
        .resolves({ Items: [indexItem(assignedRequest('R-1'), 'GSI2')] });

      const response = await list(asServiceStaff(), { node: home.grid, status: 'assigned' });

      expect(response.statusCode).toBe(200);
      expect(items(response)[0]?.assignee?.holderPhone).toBe(maskPhone(unitLeader().holderPhone));
      expect(response.body).not.toContain(unitLeader().holderPhone);
    });

    it('lets the district admin list any community', async () => {
      givenNode(home.community);

      const response = await list(asAdmin(), { node: home.community, status: 'assigned' });

      expect(response.statusCode).toBe(200);
      expect(queryInput()).toMatchObject({
        ExpressionAttributeValues: { ':pk': `AREA#${home.community}#assigned` },
      });
    });

    it('answers 400 naming node for a street: a street is listed by each of its communities', async () => {
      givenNode(home.street);

      const response = await list(streetStaff(), { node: home.street, status: 'assigned' });

      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(fieldsOf(response)).toEqual(['node']);
      expect(dataQueries()).toHaveLength(0);
    });

    it('lets the street’s staff list a community of their street', async () => {
      givenNode(home.community);

      const response = await list(streetStaff(), { node: home.community, status: 'assigned' });

      expect(response.statusCode).toBe(200);
    });

    it('answers 403 naming node for a node outside the caller’s area, and queries nothing', async () => {
      const otherGrid = givenNode(home.grid.replace(/-1$/, '-2'));
      expect(otherGrid.ancestors.community).toBe(home.community);

      const response = await list(gridLeader(), { node: otherGrid.id, status: 'assigned' });

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['node']);
      expect(dataQueries()).toHaveLength(0);
    });

    it('answers 403 to staff of another community, and to a resident', async () => {
      givenNode(home.community);
      givenNode(home.unit);
      const resident = asResident(residentOf().personId, DEMO_HOUSEHOLD_ID);

      expect((await list(asOutsideStaff(), { node: home.community, status: 'assigned' })).statusCode).toBe(
        403,
      );
      expect((await list(resident, { node: home.unit, status: 'assigned' })).statusCode).toBe(403);
      expect(dataQueries()).toHaveLength(0);
    });

    it('answers 404 naming node for a node that does not exist', async () => {
      const response = await list(asStaff(), { node: 'gd-nowhere', status: 'assigned' });

      expect(response.statusCode).toBe(404);
      expect(fieldsOf(response)).toEqual(['node']);
      expect(dataQueries()).toHaveLength(0);
    });

    it('must say which status to list: 400 naming status, nothing queried', async () => {
      givenNode(home.community);

      const response = await list(asStaff(), { node: home.community });

      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(fieldsOf(response)).toEqual(['status']);
      expect(dataQueries()).toHaveLength(0);
    });
  });

  describe('staff', () => {
    it('list the requests assigned to them when they name no area', async () => {
      const response = await list(asStaff(), { status: 'assigned' });

      expect(response.statusCode).toBe(200);
      expect(queryInput()).toMatchObject({
        IndexName: 'GSI1',
        ExpressionAttributeValues: { ':pk': 'ASSIGNEE#staff-1', ':prefix': 'assigned#' },
      });
    });

    it('are forbidden to list a leader’s requests by assignee: 403 naming assignee', async () => {
      const response = await list(asStaff(), { assignee: unitLeader().holderId, status: 'acknowledged' });

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['assignee']);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('list a household’s requests of their community on GSI3', async () => {
      givenHousehold();

      await list(asStaff(), { householdId: DEMO_HOUSEHOLD_ID });

      expect(queryInput()).toMatchObject({
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `HOUSEHOLD#${DEMO_HOUSEHOLD_ID}` },
      });
    });

    it('are forbidden to list a household of another community: 403 naming householdId', async () => {
      givenHousehold();

      const response = await list(asOutsideStaff(), { householdId: DEMO_HOUSEHOLD_ID });

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['householdId']);
      expect(dataQueries()).toHaveLength(0);
    });

    it('answers 404 naming householdId for a household that does not exist', async () => {
      const response = await list(asStaff(), { householdId: 'hh-nowhere' });

      expect(response.statusCode).toBe(404);
      expect(fieldsOf(response)).toEqual(['householdId']);
      expect(dataQueries()).toHaveLength(0);
    });

    it('answers 400 for a status that does not exist, and for a limit over 100', async () => {
      expect((await list(asStaff(), { status: 'lost' })).statusCode).toBe(400);
      expect((await list(asStaff(), { status: 'assigned', limit: '101' })).statusCode).toBe(400);
      expect(callsBesidesAccess()).toHaveLength(0);
    });
  });

  describe('the district admin', () => {
    it('lists another person’s assigned requests on GSI1, phones in full', async () => {
      ddb
        .on(QueryCommand, { IndexName: 'GSI1' })
        .resolves({ Items: [indexItem(acknowledgedRequest('R-1'), 'GSI1')] });

      const response = await list(asAdmin(), { assignee: unitLeader().holderId, status: 'acknowledged' });

      expect(response.statusCode).toBe(200);
      expect(queryInput()).toMatchObject({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `ASSIGNEE#${unitLeader().holderId}`, ':prefix': 'acknowledged#' },
      });
      expect(items(response).map((item) => item.id)).toEqual(['R-1']);
      expect(items(response)[0]?.assignee?.holderPhone).toBe(unitLeader().holderPhone);
    });
  });

  describe('a resident', () => {
    const resident = () => asResident(residentOf().personId, DEMO_HOUSEHOLD_ID);

    it('lists their own household on GSI3, filtering by status in the handler', async () => {
      givenHousehold();
      ddb.on(QueryCommand, { IndexName: 'GSI3', KeyConditionExpression: 'GSI3PK = :pk' }).resolves({
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
      expect(items(response)[0]?.assignee?.holderPhone).toBe(maskPhone(unitLeader().holderPhone));
    });

    it('is forbidden to list another household', async () => {
      givenHousehold(DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await list(resident(), { householdId: DEMO_VACANT_UNIT_HOUSEHOLD_ID });

      expect(response.statusCode).toBe(403);
      expect(fieldsOf(response)).toEqual(['householdId']);
      expect(dataQueries()).toHaveLength(0);
    });
  });

  describe('paging', () => {
    it('returns an opaque cursor that, sent back, continues where the page ended', async () => {
      givenNode(home.community);
      const lastKey = {
        PK: 'REQ#R-1',
        SK: 'REQUEST',
        GSI2PK: `AREA#${home.community}#assigned`,
        GSI2SK: `${home.grid}#${home.building}#${home.unit}#2026-11-23T02:00:00.000Z#R-1`,
      };
      ddb
        .on(QueryCommand, { IndexName: 'GSI2' })
        .resolvesOnce({ Items: [indexItem(assignedRequest('R-1'), 'GSI2')], LastEvaluatedKey: lastKey })
        .resolves({ Items: [indexItem(assignedRequest('R-2'), 'GSI2')] });
      const area = { node: home.community, status: 'assigned', limit: '1' };

      const first = await list(asStaff(), area);
      const nextCursor = String(bodyOf(first).nextCursor);
      expect(nextCursor).toMatch(/^[\w-]+$/);
      expect(nextCursor).not.toContain('REQ#');

      const second = await list(asStaff(), { ...area, cursor: nextCursor });

      expect(second.statusCode).toBe(200);
      expect(bodyOf(second)).not.toHaveProperty('nextCursor');
      const queries = dataQueries();
      expect(queries).toHaveLength(2);
      expect(queries[0]!.args[0].input.ExclusiveStartKey).toBeUndefined();
      expect(queries[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    });

    it('answers 400 naming cursor for a cursor this API never returned', async () => {
      const response = await list(asStaff(), { status: 'assigned', cursor: 'not-a-cursor' });

      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual(['cursor']);
      expect(dataQueries()).toHaveLength(0);
    });
  });

  describe('who is calling', () => {
    it('reads the caller’s grants with one Query on the holder index before listing', async () => {
      await list(asLeader(unitLeader().holderId));

      const [access, ...others] = accessQueries();
      expect(others).toHaveLength(0);
      expect(access!.args[0].input).toMatchObject({
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :holder',
        ExpressionAttributeValues: { ':holder': `HOLDER#${unitLeader().holderId}` },
      });
    });

    it('answers 403 to a person who holds no post or role, and lists nothing', async () => {
      const response = await list(asNobody(), { status: 'assigned' });

      expect(response.statusCode).toBe(403);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 401 without querying when the token carries no person id', async () => {
      const response = await list({ 'custom:household_id': DEMO_HOUSEHOLD_ID });

      expect(response.statusCode).toBe(401);
      expect(ddb.calls()).toHaveLength(0);
    });
  });
});
