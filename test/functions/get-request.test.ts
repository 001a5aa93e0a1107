import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/api/get-request.js';
import { DEMO_HOUSEHOLD_ID, DEMO_VACANT_UNIT_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { maskPhone } from '../../shared/domain/privacy.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import { keys } from '../../shared/store/keys.js';
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
import { chainOf, district, household } from '../support/fixtures.js';
import {
  accessQueries,
  buildingLeader,
  callsBesidesAccess,
  dataQueries,
  ddb,
  residentOf,
  resolvedRequest,
  storedItem,
  TABLE,
  unitLeader,
  writeCalls,
  mockDependenciesForEachTest,
} from '../support/mock-dependencies.js';

mockDependenciesForEachTest();

const ID = 'R-GET-1';

function get(claims: Claims, id = ID) {
  return handler(
    apiEvent({
      method: 'GET',
      path: `/requests/${id}`,
      routeKey: 'GET /requests/{id}',
      pathParameters: { id },
      claims,
    }),
    lambdaContext,
  );
}

/** The request's partition: the request (with the workflow's token), two timeline entries and two messages. */
function givenPartition(request: ServiceRequest = resolvedRequest(ID)) {
  const leaderKey = `2#${unitLeader().holderId}`;
  const residentKey = `4#${residentOf().personId}`;
  const items = [
    storedItem(request, 'secret-task-token'),
    { ...keys.timelineEntry(ID, 1), requestId: ID, version: 1, at: request.createdAt, event: 'submitted' },
    { ...keys.timelineEntry(ID, 2), requestId: ID, version: 2, at: request.createdAt, event: 'assigned' },
    {
      ...keys.message(ID, leaderKey),
      key: leaderKey,
      requestId: ID,
      to: { kind: 'phone', phone: unitLeader().holderPhone, personId: unitLeader().holderId },
      text: '新诉求,请受理。',
      urgent: false,
      status: 'sent',
      queuedAt: request.createdAt,
      sentAt: request.createdAt,
    },
    {
      ...keys.message(ID, residentKey),
      key: residentKey,
      requestId: ID,
      to: { kind: 'phone', phone: residentOf().phone, personId: residentOf().personId },
      text: '您的诉求已办结。',
      urgent: false,
      status: 'queued',
      queuedAt: request.updatedAt,
    },
  ];
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `REQ#${ID}` } }).resolves({ Items: items });
  return request;
}

interface Body {
  request: ServiceRequest & { taskToken?: string };
  timeline: { event: string }[];
  messages: { key: string; to: string; status: string; text?: string; sentAt?: string }[];
}
const read = (response: { body?: string }) => bodyOf(response) as unknown as Body;

describe('GET /requests/{id}', () => {
  it('reads the request, its timeline and its messages with one Query on the request’s partition', async () => {
    givenPartition();

    const response = await get(asStaff());

    expect(response.statusCode).toBe(200);
    const queries = dataQueries();
    expect(queries).toHaveLength(1);
    expect(queries[0]!.args[0].input).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `REQ#${ID}` },
    });
    const body = read(response);
    expect(body.timeline.map((entry) => entry.event)).toEqual(['submitted', 'assigned']);
    expect(body.messages.map((message) => message.status)).toEqual(['sent', 'queued']);
    expect(writeCalls()).toHaveLength(0);
  });

  it('follows the partition over several pages', async () => {
    const request = resolvedRequest(ID);
    const cursor = { PK: `REQ#${ID}`, SK: 'EVT#00000001' };
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `REQ#${ID}` } })
      .resolvesOnce({
        Items: [
          storedItem(request),
          { ...keys.timelineEntry(ID, 1), version: 1, event: 'submitted', at: request.createdAt },
        ],
        LastEvaluatedKey: cursor,
      })
      .resolvesOnce({
        Items: [{ ...keys.timelineEntry(ID, 2), version: 2, event: 'assigned', at: request.createdAt }],
      });

    const response = await get(asStaff());

    expect(read(response).timeline.map((entry) => entry.event)).toEqual(['submitted', 'assigned']);
    const queries = dataQueries();
    expect(queries).toHaveLength(2);
    expect(queries[1]!.args[0].input.ExclusiveStartKey).toEqual(cursor);
  });

  it('never shows the workflow’s task token or the table’s keys', async () => {
    givenPartition();

    const { request } = read(await get(asStaff()));

    expect(request).not.toHaveProperty('taskToken');
    expect(request).not.toHaveProperty('PK');
    expect(request).not.toHaveProperty('GSI1PK');
  });

  describe('privacy', () => {
    it('masks every phone number for service staff of the area, and hides the message texts', async () => {
      givenPartition();

      const response = await get(asServiceStaff());

      expect(response.statusCode).toBe(200);
      const { request, messages } = read(response);
      expect(request.residentPhone).toBe(maskPhone(residentOf().phone));
      expect(request.residentPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(request.assignee?.holderPhone).toBe(maskPhone(unitLeader().holderPhone));
      expect(messages.map((message) => message.to)).toEqual([
        maskPhone(unitLeader().holderPhone),
        maskPhone(residentOf().phone),
      ]);
      expect(messages.every((message) => message.text === undefined)).toBe(true);
      expect(response.body).not.toContain(residentOf().phone);
      expect(response.body).not.toContain(residentOf().phone.replace('+86', ''));
    });

    it('shows staff the phone numbers and the message texts in full', async () => {
      givenPartition();

      const { request, messages } = read(await get(asStaff()));

      expect(request.residentPhone).toBe(residentOf().phone);
      expect(request.assignee?.holderPhone).toBe(unitLeader().holderPhone);
      expect(messages.map((message) => [message.to, message.text])).toEqual([
        [unitLeader().holderPhone, '新诉求,请受理。'],
        [residentOf().phone, '您的诉求已办结。'],
      ]);
    });

    it('shows every leader whose area holds the request, the street’s staff and the district admin the phones in full', async () => {
      givenPartition();
      const chainHolders = chainOf().map((link) => asLeader(link.post!.holderId));

      for (const claims of [...chainHolders, asAdmin()]) {
        const response = await get(claims);
        expect(response.statusCode).toBe(200);
        const { request, messages } = read(response);
        expect(request.residentPhone).toBe(residentOf().phone);
        expect(request.assignee?.holderPhone).toBe(unitLeader().holderPhone);
        expect(messages[0]?.text).toBe('新诉求,请受理。');
      }
    });

    it('lets the household’s resident read the request: their own number in full, their leader’s masked', async () => {
      givenPartition();

      const response = await get(asResident(residentOf().personId, DEMO_HOUSEHOLD_ID));

      expect(response.statusCode).toBe(200);
      const { request, messages } = read(response);
      expect(request.assignee?.holderPhone).toBe(maskPhone(unitLeader().holderPhone));
      expect(request.residentPhone).toBe(residentOf().phone);
      expect(messages.map((message) => message.to)).toEqual([
        maskPhone(unitLeader().holderPhone),
        residentOf().phone,
      ]);
      expect(messages.every((message) => message.text === undefined)).toBe(true);
    });

    it('masks the dispatched provider’s number for service staff, as every other number', async () => {
      const resolved = resolvedRequest(ID);
      const contact = { personId: 'p-plumber', phone: '+8613900001111' };
      givenPartition({
        ...resolved,
        dispatch: {
          provider: { kind: 'team', id: 'team-plumbing', name: '管道队', contact, memberIds: ['p-plumber'] },
          by: unitLeader().holderId,
          at: resolved.updatedAt,
          deadline: resolved.deadline,
        },
      });

      const response = await get(asServiceStaff());

      expect(read(response).request.dispatch?.provider.contact.phone).toBe(maskPhone(contact.phone));
      expect(response.body).not.toContain(contact.phone);
    });
  });

  describe('who may read', () => {
    it('answers 404 to a resident of another household, exactly as for a request that does not exist', async () => {
      givenPartition();
      const neighbour = residentOf(DEMO_VACANT_UNIT_HOUSEHOLD_ID);

      const response = await get(asResident(neighbour.personId, DEMO_VACANT_UNIT_HOUSEHOLD_ID));

      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(bodyOf(response).detail).toBe(`Request ${ID} does not exist.`);
      expect(response.body).not.toContain(residentOf().phone);
    });

    it('lets a leader above the household read a request never assigned to them', async () => {
      givenPartition();

      const response = await get(asLeader(buildingLeader().holderId));

      expect(response.statusCode).toBe(200);
      expect(read(response).request.id).toBe(ID);
    });

    it('lets service staff read a request in their area', async () => {
      givenPartition();

      expect((await get(asServiceStaff())).statusCode).toBe(200);
    });

    it('answers 403 to a leader whose area does not hold the request', async () => {
      givenPartition();
      // The unit leader of the neighbouring unit in the same building.
      const home = household();
      const nextUnit = district.nodes.find(
        (node) =>
          node.type === 'unit' &&
          node.parentId === home.ancestors.building &&
          node.id !== home.ancestors.unit,
      )!;

      const response = await get(asLeader(nextUnit.post!.holderId));

      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain(residentOf().phone);
    });

    it('answers 403 to staff of another community', async () => {
      givenPartition();

      const response = await get(asOutsideStaff());

      expect(response.statusCode).toBe(403);
      expect(bodyOf(response).detail).toBe(`Request ${ID} is outside your area.`);
    });

    it('lets a person who handled the request read it after moving elsewhere, phones masked', async () => {
      const request = resolvedRequest(ID);
      // The unit leader who handled it has since become community staff of another street.
      givenPartition({
        ...request,
        handlers: request.handlers.map((handler) => ({ ...handler, personId: 'staff-far' })),
      });

      const response = await get(asOutsideStaff());

      expect(response.statusCode).toBe(200);
      expect(read(response).request.residentPhone).toBe(maskPhone(residentOf().phone));
    });

    it('answers 404 for a request that does not exist', async () => {
      const response = await get(asStaff(), 'R-NOWHERE');

      expect(response.statusCode).toBe(404);
      expect(bodyOf(response)).toMatchObject({ status: 404, instance: '/requests/R-NOWHERE' });
    });

    it('answers 403 to a person who holds no post or role, reading nothing but their access', async () => {
      givenPartition();

      const response = await get(asNobody());

      expect(response.statusCode).toBe(403);
      expect(accessQueries()).toHaveLength(1);
      expect(callsBesidesAccess()).toHaveLength(0);
    });

    it('answers 401 without reading anything when the token carries no person id', async () => {
      const response = await get({ 'custom:household_id': DEMO_HOUSEHOLD_ID });

      expect(response.statusCode).toBe(401);
      expect(ddb.calls()).toHaveLength(0);
    });
  });
});
