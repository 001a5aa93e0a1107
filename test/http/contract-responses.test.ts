import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_PARTNERS } from '../../demo/demo-intake.js';
import { LocalSystem } from '../../local/local-system.js';
import { problem } from '../../shared/http/contract/common.js';
import type { RouteKey } from '../../shared/http/contract/route-contract.js';
import { ROUTE_CONTRACTS } from '../../shared/http/contract/table.js';
import { putInboxEntry } from '../../shared/store/inbox-store.js';
import * as z from '../../shared/zod.js';
import { chainOf, config, household } from '../support/fixtures.js';

/**
 * Real answers of the local run (DynamoDB Local, the demo district) against the documented
 * response schemas: each must parse, and parse to itself (a field the schema does not document
 * would be stripped), so a response and its documentation cannot drift apart unnoticed.
 */
const system = new LocalSystem(config, { links: true });
// Starting DynamoDB Local and the demo district takes long on a busy machine.
beforeAll(() => system.start(), 300_000);
afterAll(() => system.stop());

const home = household();
const [unitLeader, , , communityStaff] = chainOf().map((link) => link.post!.holderId) as [
  string,
  string,
  string,
  string,
];
const resident = home.residents[0]!;
const ADMIN = DEMO_ADMIN.id;
const community = home.ancestors.community!;

/** The routes this file has seen answer, to check none is left out by accident. */
const exercised = new Set<RouteKey>();

type Options = Parameters<LocalSystem['call']>[2];

/** Calls a route and checks its answer against the contract; returns the body. */
async function call(key: RouteKey, path: string, options: Options = {}, expected?: number) {
  const method = key.split(' ')[0]!;
  const { status, body } = await system.call(method, path, options);
  if (expected !== undefined) expect([key, status, body]).toEqual([key, expected, expect.anything()]);
  const documented = ROUTE_CONTRACTS[key].responses[status];
  if (status >= 400) {
    expect(z.parse(problem, body)).toEqual(body);
    return body;
  }
  expect(documented, `${key} answered ${status}, which is not documented`).toBeDefined();
  exercised.add(key);
  if (documented?.schema) expect([key, z.parse(documented.schema, body)]).toEqual([key, body]);
  else if (documented?.contentType) expect(typeof body.text).toBe('string');
  else expect(body).toEqual({});
  return body;
}

const key = () => `contract-${Math.random().toString(36).slice(2, 12)}`;
const codeIn = (text: string) => /(\d{6})/.exec(text)?.[1] ?? '';

describe('the documented responses are what the API answers', () => {
  it('signing in', async () => {
    const sent = system.outbox.length;
    await call('POST /auth/codes', '/auth/codes', { body: { phone: resident.phone } }, 202);
    const code = codeIn(system.outbox[sent]!.text);
    const tokens = await call(
      'POST /auth/tokens',
      '/auth/tokens',
      { body: { phone: resident.phone, code } },
      200,
    );
    await call('POST /auth/tokens', '/auth/tokens', { body: { phone: resident.phone, code } }, 401);
    await call('GET /.well-known/openid-configuration', '/.well-known/openid-configuration', {}, 200);
    await call('GET /.well-known/jwks.json', '/.well-known/jwks.json', {}, 200);
    await call('POST /auth/sign-out', '/auth/sign-out', { body: { refreshToken: tokens.refreshToken } }, 204);
  });

  it('a request from raising to confirming', async () => {
    await call(
      'POST /uploads',
      '/uploads',
      { as: resident.personId, body: { purpose: 'request-photo', contentType: 'image/jpeg', size: 120_000 } },
      200,
    );
    const raised = await call(
      'POST /requests',
      '/requests',
      { as: resident.personId, body: { category: 'repair', description: '厨房水管漏水' } },
      201,
    );
    const id = String(raised.id);
    await call('POST /requests', '/requests', { as: resident.personId, body: { category: '' } }, 400);
    await call('GET /requests', '/requests', { as: resident.personId }, 200);
    await system.waitFor(id, 'AwaitLeader');
    await call('GET /requests', `/requests?node=${community}&status=assigned`, { as: communityStaff }, 200);
    const act = (action: string, as: string, body?: unknown) =>
      call(
        'POST /requests/{id}/{action}',
        `/requests/${id}/${action}`,
        { as, ...(body ? { body } : {}) },
        200,
      );
    await act('acknowledge', unitLeader);
    await system.waitFor(id, 'AwaitLeader');
    await act('resolve', unitLeader, { note: '已更换水管接头' });
    await system.waitFor(id, 'AwaitResident');
    await act('confirm', resident.personId, { rating: 5 });
    await call('GET /requests/{id}', `/requests/${id}`, { as: unitLeader }, 200);
    await call('GET /requests/{id}', `/requests/${id}`, { as: resident.personId }, 200);
    // The assignment SMS's link: a redirect, no body (an unknown one's HTML page: test/integration/short-link.test.ts).
    const token = /\/l\/(\w+)$/.exec(
      system.outbox.find((sms) => sms.template === 'assignedLink')?.text ?? '',
    )?.[1];
    await call('GET /l/{token}', `/l/${token ?? ''}`, { raw: true }, 302);
  });

  it('points, rewards and redemptions', async () => {
    const award = { personId: unitLeader, points: 20, reason: '协助独居老人就医' };
    await call(
      'POST /points/awards',
      '/points/awards',
      { as: communityStaff, body: award, headers: { 'idempotency-key': key() } },
      201,
    );
    await call('GET /points/awards/allowance', '/points/awards/allowance', { as: communityStaff }, 200);
    const hours = { personId: unitLeader, hours: 2, activity: '楼道清扫', date: '2026-11-20' };
    await call(
      'POST /points/volunteer-hours',
      '/points/volunteer-hours',
      { as: communityStaff, body: hours },
      201,
    );
    await call('GET /accounts/me', '/accounts/me', { as: unitLeader }, 200);
    await call('GET /accounts/{personId}', `/accounts/${unitLeader}?limit=1`, { as: communityStaff }, 200);

    const reward = {
      id: 'rw-contract-rice',
      name: '东北大米 5 公斤',
      pricePoints: 5,
      stock: 3,
      scope: community,
    };
    await call('POST /rewards', '/rewards', { as: communityStaff, body: reward }, 201);
    await call(
      'PATCH /rewards/{id}',
      `/rewards/${reward.id}`,
      { as: communityStaff, body: { stock: 4 } },
      200,
    );
    await call('GET /rewards', `/rewards?scope=${community}`, { as: unitLeader }, 200);
    const redeem = () =>
      call(
        'POST /rewards/{id}/redeem',
        `/rewards/${reward.id}/redeem`,
        { as: unitLeader, headers: { 'idempotency-key': key() } },
        201,
      );
    const first = await redeem();
    const second = await redeem();
    await call('GET /redemptions', '/redemptions', { as: unitLeader }, 200);
    await call('GET /redemptions', `/redemptions?scope=${community}`, { as: communityStaff }, 200);
    await call(
      'POST /redemptions/{id}/fulfil',
      `/redemptions/${String(first.id)}/fulfil`,
      { as: communityStaff },
      200,
    );
    await call(
      'POST /redemptions/{id}/cancel',
      `/redemptions/${String(second.id)}/cancel`,
      { as: unitLeader },
      200,
    );
  });
});

describe('the district tree, households, people and providers', () => {
  const grid = home.ancestors.grid!;
  const building = 'bd-contract';
  const unit = 'un-contract';
  const [leader, deputy] = ['p-contract-1', 'p-contract-2'];

  it('nodes and posts', async () => {
    await call('GET /nodes/{id}', '/nodes/district', { as: ADMIN }, 200);
    await call('GET /nodes/{id}', `/nodes/${home.parentId}`, { as: communityStaff }, 200);
    await call('GET /nodes/{id}/children', `/nodes/${grid}/children?limit=5`, { as: communityStaff }, 200);
    await call(
      'POST /nodes',
      '/nodes',
      { as: ADMIN, body: { id: building, type: 'building', name: '9栋', parentId: grid } },
      201,
    );
    const unitBody = { id: unit, type: 'unit', name: '1单元', parentId: home.ancestors.building };
    await call('POST /nodes', '/nodes', { as: ADMIN, body: unitBody }, 201);
    await call('PATCH /nodes/{id}', `/nodes/${unit}`, { as: ADMIN, body: { name: '一单元' } }, 200);
    for (const [id, name, phone] of [
      [leader, '王秀英', '+8613900000001'],
      [deputy, '赵国强', '+8613900000002'],
    ] as const) {
      await call('POST /people', '/people', { as: ADMIN, body: { id, name, phone } }, 201);
    }
    await call('PUT /nodes/{id}/post', `/nodes/${unit}/post`, { as: ADMIN, body: { personId: leader } }, 200);
    await call(
      'PUT /nodes/{id}/deputy',
      `/nodes/${unit}/deputy`,
      { as: ADMIN, body: { personId: deputy } },
      200,
    );
    await call(
      'PUT /nodes/{id}/post/away',
      `/nodes/${unit}/post/away`,
      { as: ADMIN, body: { away: true } },
      200,
    );
    await call('GET /people/{id}', `/people/${leader}`, { as: ADMIN }, 200);
    await call('PATCH /people/{id}', `/people/${leader}`, { as: ADMIN, body: { name: '王秀兰' } }, 200);
    await call('DELETE /nodes/{id}/deputy', `/nodes/${unit}/deputy`, { as: ADMIN }, 200);
    await call('DELETE /nodes/{id}/post', `/nodes/${unit}/post`, { as: ADMIN }, 200);
    await call('GET /nodes/{id}/post/history', `/nodes/${unit}/post/history`, { as: ADMIN }, 200);
    await call(
      'POST /nodes/{id}/move',
      `/nodes/${unit}/move`,
      { as: ADMIN, body: { parentId: building } },
      200,
    );
    await call(
      'POST /regrid',
      '/regrid',
      { as: ADMIN, body: { buildingIds: [building], toGridId: grid } },
      200,
    );
    await call('DELETE /nodes/{id}', `/nodes/${unit}`, { as: ADMIN }, 204);
  });

  it('households and providers', async () => {
    const resident = { personId: 'p-contract-r', name: '李桂兰', phone: '+8613900000009', relation: '户主' };
    const file = {
      id: 'hh-contract',
      unitId: home.parentId,
      room: '901',
      residents: [resident],
      tags: ['独居老人'],
    };
    await call('POST /households', '/households', { as: ADMIN, body: file }, 201);
    await call('GET /households/{id}', `/households/${file.id}`, { as: communityStaff }, 200);
    await call('GET /households', `/households?node=${home.parentId}&q=901`, { as: communityStaff }, 200);
    await call('GET /district', '/district', { as: unitLeader }, 200);
    await call(
      'GET /stats/requests',
      `/stats/requests?from=2026-11-01&to=2026-11-30&node=${community}`,
      { as: communityStaff },
      200,
    );
    await call('GET /messages', '/messages?day=2026-11-23&status=queued', { as: communityStaff }, 200);
    await call(
      'PATCH /households/{id}',
      `/households/${file.id}`,
      { as: ADMIN, body: { needs: [{ what: '每周代购' }] } },
      200,
    );
    await call('DELETE /households/{id}', `/households/${file.id}`, { as: ADMIN }, 204);

    const provider = {
      id: 'sf-contract-gas',
      kind: 'staff',
      name: '燃气员',
      scope: grid,
      memberIds: [deputy],
      specialities: ['repair'],
    };
    await call('POST /providers', '/providers', { as: communityStaff, body: provider }, 201);
    await call('GET /providers', `/providers?node=${home.parentId}`, { as: unitLeader }, 200);
    await call('GET /providers/{id}', `/providers/${provider.id}`, { as: communityStaff }, 200);
  });
});

describe('partners and the monthly settlement', () => {
  it('partners, their secrets and keys', async () => {
    await call('GET /partners', '/partners', { as: ADMIN }, 200);
    await call('GET /partners/{id}', `/partners/${DEMO_PARTNERS.signed}`, { as: ADMIN }, 200);
    const partner = {
      id: 'pt-contract',
      name: '测试表单',
      format: 'sanzhang',
      scope: community,
      defaultCategory: 'repair',
    };
    const created = await call('POST /partners', '/partners', { as: ADMIN, body: partner }, 201);
    await call(
      'PATCH /partners/{id}',
      `/partners/${partner.id}`,
      { as: ADMIN, body: { name: '测试表单二' } },
      200,
    );
    await call('POST /partners/{id}/secrets', `/partners/${partner.id}/secrets`, { as: ADMIN }, 201);
    const first = (created.secret as { id: string }).id;
    await call(
      'DELETE /partners/{id}/secrets/{secretId}',
      `/partners/${partner.id}/secrets/${first}`,
      { as: ADMIN },
      200,
    );
    const keyed = await call(
      'POST /partners/{id}/api-keys',
      `/partners/${DEMO_PARTNERS.civicApp}/api-keys`,
      { as: ADMIN },
      201,
    );
    const keyId = (keyed.apiKey as { id: string }).id;
    await call(
      'DELETE /partners/{id}/api-keys/{keyId}',
      `/partners/${DEMO_PARTNERS.civicApp}/api-keys/${keyId}`,
      { as: ADMIN },
      200,
    );
    await call('GET /partners/{id}/rejections', `/partners/${partner.id}/rejections`, { as: ADMIN }, 200);
  });

  it('my preferences and my inbox', async () => {
    await call('GET /me/preferences', '/me/preferences', { as: unitLeader }, 200);
    const body = { channels: ['push'], notices: 'work-only' };
    await call('PUT /me/preferences', '/me/preferences', { as: unitLeader, body }, 200);
    await call('PUT /me/preferences', '/me/preferences', { as: resident.personId, body }, 422);
    await putInboxEntry(system.stack.deps.table, unitLeader, {
      key: 'contract-inbox-1',
      kind: 'assignment',
      text: '您有一件新诉求待处理',
      urgent: true,
      at: system.clock.now().toISOString(),
      requestId: 'R-20261123-0001',
    });
    await call('GET /me/inbox', '/me/inbox', { as: unitLeader }, 200);
    const until = system.clock.now().toISOString();
    await call('POST /me/inbox/read', '/me/inbox/read', { as: unitLeader, body: { until } }, 200);
  });

  it('statements, leaderboards, the summary and settling', async () => {
    await call('GET /leaderboards/{month}', '/leaderboards/2026-11', { as: unitLeader }, 404);
    // November (the awards and the request above) ends; its statements carry what the leaders earned.
    system.clock.set(new Date('2026-12-01T02:00:00Z'));
    await system.stack.settlement.settle({ month: '2026-11' });
    const statements = await call('GET /statements/{month}', '/statements/2026-11', { as: unitLeader }, 200);
    expect(statements.items).not.toEqual([]);
    const ranks = await call('GET /leaderboards/{month}', '/leaderboards/2026-11', { as: unitLeader }, 200);
    expect(ranks.items).not.toEqual([]);
    await call(
      'GET /leaderboards/{month}',
      `/leaderboards/2026-11?community=${community}`,
      { as: unitLeader },
      200,
    );
    await call(
      'GET /settlements/{month}/summary.csv',
      '/settlements/2026-11/summary.csv',
      { as: ADMIN, raw: true },
      200,
    );
    await call('POST /settlements/{month}', '/settlements/2026-10', { as: ADMIN }, 202);
  });

  it('a notice from posting to confirming', async () => {
    const grid = home.ancestors.grid;
    const body = { place: grid, title: '周六停水', body: '周六全天停水,请提前储水。', urgent: true };
    const headers = { 'idempotency-key': key() };
    const notice = await call('POST /notices', '/notices', { as: communityStaff, body, headers }, 201);
    await call('POST /notices', '/notices', { as: communityStaff, body, headers }, 200);
    await system.streamHandled();
    await call('GET /notices', `/notices?place=${grid}`, { as: communityStaff }, 200);
    await call('POST /notices/{id}/read', `/notices/${String(notice.id)}/read`, { as: unitLeader }, 200);
    await call('GET /notices', '/notices?mine=true', { as: unitLeader }, 200);
    await call('GET /notices/{id}', `/notices/${String(notice.id)}`, { as: communityStaff }, 200);
    await call('GET /notices/{id}', `/notices/${String(notice.id)}`, { as: resident.personId }, 200);
    await call(
      'GET /households/{id}/notices',
      `/households/${home.id}/notices`,
      { as: resident.personId },
      200,
    );
  });
});

describe('every JSON route is exercised here', () => {
  // GeoReport documents, partners' deliveries and the SMS provider's reports: test/integration covers them.
  const elsewhere = new Set<string>([
    'POST /intake/{partnerId}',
    'POST /intake/{partnerId}/{token}',
    'GET /intake/{partnerId}',
    'GET /intake/{partnerId}/{token}',
    'POST /sms/status/{token}',
    'GET /open311/v2/{file}',
    'POST /open311/v2/{file}',
    'GET /open311/v2/services/{file}',
    'GET /open311/v2/requests/{file}',
    'GET /open311/v2/tokens/{file}',
  ]);
  it('lists no route that was not', () => {
    const missing = Object.keys(ROUTE_CONTRACTS).filter((route) => !exercised.has(route as RouteKey));
    expect(missing.filter((route) => !elsewhere.has(route))).toEqual([]);
  });
});
