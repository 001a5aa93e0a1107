import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import type { Role } from '../../shared/domain/access.js';
import type { Household } from '../../shared/domain/hierarchy.js';
import { DEMO_PARTNERS } from '../../demo/demo-intake.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { LocalSystem } from '../../local/local-system.js';
import { putHierarchy } from '../../shared/store/hierarchy-store.js';
import { putInboxEntry } from '../../shared/store/inbox-store.js';
import {
  commitTransfer,
  ISSUING_ACCOUNT,
  leaderAccount,
  writeTransaction,
} from '../../shared/store/ledger-store.js';
import { newRedemptionWrite, putNewReward } from '../../shared/store/reward-store.js';
import { chainOf, config, district, household } from '../support/fixtures.js';

/**
 * Every endpoint × every role × inside and outside the role's scope, with the exact status. The
 * request under test lives in 银融社区 第一网格; "outside" is the neighbouring grid for the grid's
 * leaders and below, another community and street for community and street staff.
 */
const system = new LocalSystem(config);

const home = household();
const neighbour = district.households.find(
  (candidate) =>
    candidate.ancestors.community === home.ancestors.community &&
    candidate.ancestors.grid !== home.ancestors.grid &&
    chainOf(candidate.id)
      .slice(0, 3)
      .every((link) => link.post),
) as Household;
const elsewhere = district.households.find(
  (candidate) =>
    candidate.ancestors.street !== home.ancestors.street && chainOf(candidate.id).every((link) => link.post),
) as Household;
const holder = (householdId: string, index: number) => chainOf(householdId)[index]!.post!.holderId;

type Who = { role: Role | 'resident'; inside: string; outside: string };
const PEOPLE: Who[] = [
  { role: 'resident', inside: home.residents[0]!.personId, outside: neighbour.residents[0]!.personId },
  { role: 'unit_leader', inside: holder(DEMO_HOUSEHOLD_ID, 0), outside: holder(neighbour.id, 0) },
  { role: 'building_leader', inside: holder(DEMO_HOUSEHOLD_ID, 1), outside: holder(neighbour.id, 1) },
  { role: 'grid_leader', inside: holder(DEMO_HOUSEHOLD_ID, 2), outside: holder(neighbour.id, 2) },
  { role: 'community_staff', inside: holder(DEMO_HOUSEHOLD_ID, 3), outside: holder(elsewhere.id, 3) },
  { role: 'street_staff', inside: holder(DEMO_HOUSEHOLD_ID, 4), outside: holder(elsewhere.id, 4) },
  { role: 'service_staff', inside: 'p-water-in', outside: 'p-water-out' },
  { role: 'district_admin', inside: 'p-admin', outside: 'p-admin' },
];

let requestId = '';
beforeAll(async () => {
  await system.start();
  await putHierarchy(system.stack.deps.table, {
    nodes: [],
    households: [],
    persons: [
      {
        id: 'p-water-in',
        name: '供水员甲',
        phone: '+8610000000001',
        grants: [{ role: 'service_staff', scope: home.ancestors.grid }],
      },
      {
        id: 'p-water-out',
        name: '供水员乙',
        phone: '+8610000000002',
        grants: [{ role: 'service_staff', scope: neighbour.ancestors.grid }],
      },
    ],
  });
  requestId = await submitFor(home.residents[0]!.personId);
  // Everyone has points to spend, and the household's community has a reward in plenty.
  for (const who of PEOPLE) {
    for (const personId of new Set([who.inside, who.outside])) {
      await commitTransfer(system.stack.deps.table, {
        id: `matrix-fund:${personId}`,
        from: ISSUING_ACCOUNT,
        to: leaderAccount(personId),
        amount: 100,
        at: system.clock.now().toISOString(),
        memo: { reasons: ['award'] },
      });
    }
  }
  await putNewReward(system.stack.deps.table, {
    id: 'rw-matrix',
    name: '大米5斤',
    pricePoints: 1,
    stock: 1000,
    scope: home.ancestors.community,
    status: 'active',
    createdAt: system.clock.now().toISOString(),
    updatedAt: system.clock.now().toISOString(),
  });
  // A settled month for the settlement's endpoints (nobody earned in it: the run is quick).
  await system.stack.settlement.settle({ month: '2026-10' });
});
afterAll(() => system.stop());

async function submitFor(as: string, householdId?: string) {
  const response = await system.call('POST', '/requests', {
    as,
    body: { category: 'repair', description: '楼道灯不亮了', ...(householdId ? { householdId } : {}) },
  });
  expect(response.status).toBe(201);
  const id = String(response.body.id);
  await system.waitFor(id, 'AwaitLeader');
  return id;
}

interface Case {
  endpoint: string;
  call: (as: string) => Promise<number>;
  /** Expected status by role, inside and outside the role's scope. */
  expect: Record<Who['role'], [inside: number, outside: number]>;
}

const everyoneInside = (inside: number, outside: number, resident: [number, number]) =>
  Object.fromEntries(
    PEOPLE.map((who) => [who.role, who.role === 'resident' ? resident : [inside, outside]]),
  ) as Case['expect'];

/** Each POST /households call files a new household. */
let filed = 0;

/** A request from the demo's signed partner that no household matches: it waits in 银融社区's triage. */
let delivered = 0;
async function triageRequest(): Promise<string> {
  const body = JSON.stringify({
    submissionId: `matrix-${++delivered}`,
    address: '无法识别的地址',
    description: '路灯不亮',
  });
  const at = Math.floor(Date.now() / 1000);
  const answer = await system.call('POST', `/intake/${DEMO_PARTNERS.signed}`, {
    rawBody: body,
    headers: { 'sanzhang-signature': signatureHeader(system.stack.demoIntake?.signedSecret ?? '', at, body) },
  });
  expect(answer.status).toBe(202);
  await system.streamHandled();
  const id = String(answer.body.requestId);
  await system.waitFor(id, 'AwaitLeader');
  return id;
}
/** Each self-dealing case makes its own reward or redemption, owned or priced by the caller. */
let made = 0;

/** A reward of the household's community, its price and stock set by `setBy`. */
async function rewardPricedBy(setBy: string): Promise<string> {
  const id = `rw-priced-${++made}`;
  const at = system.clock.now().toISOString();
  await putNewReward(system.stack.deps.table, {
    id,
    name: '自定价奖品',
    pricePoints: 1,
    stock: 5,
    scope: home.ancestors.community,
    status: 'active',
    setBy,
    createdAt: at,
    updatedAt: at,
  });
  return id;
}

/** A redemption of the household's community's catalogue, waiting to be collected by `personId`. */
async function redemptionOf(personId: string): Promise<string> {
  const id = `RDmatrix${++made}`;
  const at = system.clock.now().toISOString();
  await writeTransaction(system.stack.deps.table, [
    newRedemptionWrite(system.stack.deps.table, {
      id,
      rewardId: 'rw-matrix',
      rewardName: '大米5斤',
      scope: home.ancestors.community,
      personId,
      pricePoints: 1,
      status: 'reserved',
      transferId: `redeem:${id}`,
      createdAt: at,
      updatedAt: at,
    }),
  ]);
  return id;
}

/** A notice to the household's grid by its grid leader, fanned out to the leaders under it (once). */
let noticeId: string | undefined;
async function gridNotice(): Promise<string> {
  if (noticeId) return noticeId;
  const posted = await system.call('POST', '/notices', {
    as: holder(DEMO_HOUSEHOLD_ID, 2),
    body: { place: home.ancestors.grid, title: '网格通知', body: '本周六停水。', urgent: false },
    headers: { 'idempotency-key': 'matrix-grid-notice' },
  });
  expect(posted.status).toBe(201);
  await system.streamHandled();
  noticeId = String(posted.body.id);
  return noticeId;
}

const allRefused = everyoneInside(403, 403, [403, 403]);

/** Self-dealing: nobody moves points to themselves, whatever their role and wherever. */
const SELF_DEALING: Case[] = [
  {
    endpoint: 'POST /points/awards to oneself',
    call: async (as) =>
      (
        await system.call('POST', '/points/awards', {
          as,
          body: { personId: as, points: 1, reason: '自己奖励自己' },
          headers: { 'idempotency-key': `matrix-self-award-${++made}` },
        })
      ).status,
    expect: allRefused,
  },
  {
    endpoint: 'POST /points/volunteer-hours for oneself',
    call: async (as) =>
      (
        await system.call('POST', '/points/volunteer-hours', {
          as,
          body: { personId: as, hours: 1, activity: `自己登记${++made}`, date: '2026-11-26' },
        })
      ).status,
    expect: allRefused,
  },
  {
    endpoint: 'POST /rewards/{id}/redeem of a reward whose price and stock one set',
    call: async (as) =>
      (await system.call('POST', `/rewards/${await rewardPricedBy(as)}/redeem`, { as })).status,
    expect: allRefused,
  },
  {
    endpoint: 'POST /redemptions/{id}/fulfil of one’s own redemption',
    call: async (as) =>
      (await system.call('POST', `/redemptions/${await redemptionOf(as)}/fulfil`, { as })).status,
    expect: allRefused,
  },
];

const CASES: Case[] = [
  ...SELF_DEALING,
  {
    endpoint: 'GET /people/{id} (the unit leader: out of scope, the person does not exist)',
    call: async (as) => (await system.call('GET', `/people/${holder(DEMO_HOUSEHOLD_ID, 0)}`, { as })).status,
    expect: { ...everyoneInside(200, 404, [404, 404]), district_admin: [200, 200] },
  },
  {
    endpoint: 'POST /points/awards to the unit leader (staff over their post)',
    call: async (as) =>
      (
        await system.call('POST', '/points/awards', {
          as,
          body: { personId: holder(DEMO_HOUSEHOLD_ID, 0), points: 1, reason: '楼道清扫' },
          headers: { 'idempotency-key': `matrix-award-${++made}` },
        })
      ).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      community_staff: [201, 403],
      street_staff: [201, 403],
      district_admin: [201, 201],
    },
  },
  {
    endpoint: 'GET /points/awards/allowance (one’s own monthly cap: those who give awards)',
    call: async (as) => (await system.call('GET', '/points/awards/allowance', { as })).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      community_staff: [200, 200],
      street_staff: [200, 200],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'POST /requests/{id}/attach (a request in the community’s triage: its staff, and above)',
    call: async (as) =>
      (
        await system.call('POST', `/requests/${await triageRequest()}/attach`, {
          as,
          body: { householdId: DEMO_HOUSEHOLD_ID },
        })
      ).status,
    expect: {
      ...everyoneInside(403, 403, [404, 404]),
      community_staff: [200, 403],
      street_staff: [200, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'POST /requests/{id}/dismiss (a request in the community’s triage: its staff, and above)',
    call: async (as) =>
      (
        await system.call('POST', `/requests/${await triageRequest()}/dismiss`, {
          as,
          body: { note: '重复提交' },
        })
      ).status,
    expect: {
      ...everyoneInside(403, 403, [404, 404]),
      community_staff: [200, 403],
      street_staff: [200, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'GET /partners/{id} (intake partners: district admins)',
    call: async (as) => (await system.call('GET', `/partners/${DEMO_PARTNERS.signed}`, { as })).status,
    expect: { ...everyoneInside(403, 403, [403, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'GET /requests/{id}',
    call: async (as) => (await system.call('GET', `/requests/${requestId}`, { as })).status,
    expect: { ...everyoneInside(200, 403, [200, 404]), district_admin: [200, 200] },
  },
  {
    endpoint: 'POST /requests (for the household)',
    call: async (as) =>
      (
        await system.call('POST', '/requests', {
          as,
          body: { householdId: DEMO_HOUSEHOLD_ID, category: 'repair', description: '代居民登记' },
        })
      ).status,
    expect: { ...everyoneInside(201, 403, [201, 403]), district_admin: [201, 201] },
  },
  {
    endpoint: 'GET /requests?householdId=',
    call: async (as) =>
      (await system.call('GET', `/requests?householdId=${DEMO_HOUSEHOLD_ID}`, { as })).status,
    expect: { ...everyoneInside(200, 403, [200, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'GET /requests?node=<unit>&status=assigned',
    call: async (as) =>
      (await system.call('GET', `/requests?node=${home.ancestors.unit}&status=assigned`, { as })).status,
    expect: { ...everyoneInside(200, 403, [403, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'POST /uploads for a request photo (anyone signed in, in their own space)',
    call: async (as) =>
      (
        await system.call('POST', '/uploads', {
          as,
          body: { purpose: 'request-photo', contentType: 'image/jpeg', size: 1000 },
        })
      ).status,
    expect: everyoneInside(200, 200, [200, 200]),
  },
  {
    endpoint: 'POST /uploads for a resolution photo (not residents: they do not resolve)',
    call: async (as) =>
      (
        await system.call('POST', '/uploads', {
          as,
          body: { purpose: 'resolution-photo', contentType: 'image/png', size: 1000 },
        })
      ).status,
    expect: everyoneInside(200, 200, [403, 403]),
  },
  {
    endpoint: 'GET /requests?node=<unit>&status=assigned with the board’s filters',
    call: async (as) =>
      (
        await system.call(
          'GET',
          `/requests?node=${home.ancestors.unit}&status=assigned&category=repair&priority=normal&level=unit&overdue=false`,
          { as },
        )
      ).status,
    expect: { ...everyoneInside(200, 403, [403, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'GET /district (anyone signed in: labels, no people)',
    call: async (as) => (await system.call('GET', '/district', { as })).status,
    expect: everyoneInside(200, 200, [200, 200]),
  },
  {
    endpoint: 'GET /me/preferences (anyone signed in: their own; there is no route to another’s)',
    call: async (as) => (await system.call('GET', '/me/preferences', { as })).status,
    expect: everyoneInside(200, 200, [200, 200]),
  },
  {
    endpoint: 'PUT /me/preferences (anyone signed in: their own channels)',
    call: async (as) =>
      (
        await system.call('PUT', '/me/preferences', {
          as,
          body: { channels: ['sms', 'push'], notices: 'all' },
        })
      ).status,
    expect: everyoneInside(200, 200, [200, 200]),
  },
  {
    endpoint:
      'PUT /me/preferences with the notices opt-out (those who hold work; a resident has none to opt out of)',
    call: async (as) =>
      (
        await system.call('PUT', '/me/preferences', {
          as,
          body: { channels: ['push'], notices: 'work-only' },
        })
      ).status,
    expect: everyoneInside(200, 200, [422, 422]),
  },
  {
    endpoint: 'GET /me/inbox (anyone signed in: their own)',
    call: async (as) => (await system.call('GET', '/me/inbox', { as })).status,
    expect: everyoneInside(200, 200, [200, 200]),
  },
  {
    endpoint: 'POST /me/inbox/read (anyone signed in: their own)',
    call: async (as) =>
      (await system.call('POST', '/me/inbox/read', { as, body: { until: system.clock.now().toISOString() } }))
        .status,
    expect: everyoneInside(200, 200, [200, 200]),
  },
  {
    endpoint: 'GET /households?node=<unit> (search: whoever serves the place)',
    call: async (as) => (await system.call('GET', `/households?node=${home.ancestors.unit}`, { as })).status,
    expect: { ...everyoneInside(200, 403, [403, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'GET /stats/requests?node=<community> (the charts: community, street and district staff)',
    call: async (as) =>
      (
        await system.call(
          'GET',
          `/stats/requests?from=2026-11-01&to=2026-11-30&node=${home.ancestors.community}`,
          { as },
        )
      ).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      community_staff: [200, 403],
      street_staff: [200, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'POST /requests/{id}/resolve (only the assignee, the unit leader, may)',
    call: async (as) =>
      (await system.call('POST', `/requests/${requestId}/resolve`, { as, body: { note: '越权处理' } }))
        .status,
    expect: { ...everyoneInside(403, 403, [403, 404]), unit_leader: [200, 403], district_admin: [403, 403] },
  },
  {
    endpoint: 'POST /requests/{id}/confirm (only a resident of the household may)',
    call: async (as) =>
      (await system.call('POST', `/requests/${requestId}/confirm`, { as, body: { rating: 5 } })).status,
    expect: { ...everyoneInside(403, 403, [200, 404]), district_admin: [403, 403] },
  },
  {
    endpoint: 'GET /providers?node=<unit> (who can be dispatched there)',
    call: async (as) => (await system.call('GET', `/providers?node=${home.ancestors.unit}`, { as })).status,
    expect: { ...everyoneInside(200, 403, [403, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'GET /accounts/{id} (the unit leader’s points: themself, or staff over their post)',
    // Always the inside unit leader's account: their own for them, someone else's for the one outside.
    call: async (as) =>
      (await system.call('GET', `/accounts/${holder(DEMO_HOUSEHOLD_ID, 0)}`, { as })).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      unit_leader: [200, 403],
      community_staff: [200, 403],
      street_staff: [200, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'POST /rewards/{id}/redeem (a reward of the household’s community: its leaders)',
    call: async (as) => (await system.call('POST', '/rewards/rw-matrix/redeem', { as })).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      unit_leader: [201, 201],
      building_leader: [201, 201],
      grid_leader: [201, 201],
      community_staff: [201, 403],
    },
  },
  {
    endpoint: 'GET /statements/{month}?personId= (the unit leader’s: themself, or staff over their post)',
    call: async (as) =>
      (await system.call('GET', `/statements/2026-10?personId=${holder(DEMO_HOUSEHOLD_ID, 0)}`, { as }))
        .status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      unit_leader: [200, 403],
      community_staff: [200, 403],
      street_staff: [200, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'GET /leaderboards/{month}?community= (anyone: names and points only)',
    call: async (as) =>
      (await system.call('GET', `/leaderboards/2026-10?community=${home.ancestors.community}`, { as }))
        .status,
    expect: everyoneInside(200, 200, [200, 200]),
  },
  {
    endpoint: 'GET /settlements/{month}/summary.csv (the bureau: district admins)',
    call: async (as) =>
      (await system.call('GET', '/settlements/2026-10/summary.csv', { as, raw: true })).status,
    expect: { ...everyoneInside(403, 403, [403, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'POST /settlements/{month} (district admins; a settled month again changes nothing)',
    call: async (as) => (await system.call('POST', '/settlements/2026-10', { as })).status,
    expect: { ...everyoneInside(403, 403, [403, 403]), district_admin: [202, 202] },
  },
  {
    endpoint: 'GET /nodes/{id} (the household’s unit)',
    call: async (as) => (await system.call('GET', `/nodes/${home.ancestors.unit}`, { as })).status,
    expect: { ...everyoneInside(200, 403, [403, 403]), district_admin: [200, 200] },
  },
  {
    endpoint: 'PUT /nodes/{id}/post (the unit’s post, to its present holder: changes nothing)',
    call: async (as) =>
      (
        await system.call('PUT', `/nodes/${home.ancestors.unit}/post`, {
          as,
          body: { personId: holder(DEMO_HOUSEHOLD_ID, 0) },
        })
      ).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      community_staff: [200, 403],
      street_staff: [200, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'POST /households (in the household’s unit)',
    call: async (as) =>
      (
        await system.call('POST', '/households', {
          as,
          body: {
            id: `hh-matrix-${++filed}`,
            unitId: home.ancestors.unit,
            room: `9${filed}`,
            residents: [
              {
                personId: `p-matrix-${filed}`,
                name: '新住户',
                phone: '+8610000009999',
                relation: '户主',
              },
            ],
          },
        })
      ).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      grid_leader: [201, 403],
      community_staff: [201, 403],
      street_staff: [201, 403],
      district_admin: [201, 201],
    },
  },
  {
    endpoint: 'POST /notices (to the household’s grid: its grid leader, community and street staff, admins)',
    call: async (as) =>
      (
        await system.call('POST', '/notices', {
          as,
          body: { place: home.ancestors.grid, title: '矩阵测试通知', body: '请知悉。', urgent: false },
          headers: { 'idempotency-key': `matrix-notice-${++made}` },
        })
      ).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      grid_leader: [201, 403],
      community_staff: [201, 403],
      street_staff: [201, 403],
      district_admin: [201, 201],
    },
  },
  {
    endpoint: 'GET /notices?place=<grid> (those who may post there)',
    call: async (as) => (await system.call('GET', `/notices?place=${home.ancestors.grid}`, { as })).status,
    expect: {
      ...everyoneInside(403, 403, [403, 403]),
      grid_leader: [200, 403],
      community_staff: [200, 403],
      street_staff: [200, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'GET /notices/{id} (a notice to the grid: its readers, those over it, its residents)',
    call: async (as) => (await system.call('GET', `/notices/${await gridNotice()}`, { as })).status,
    expect: {
      ...everyoneInside(200, 403, [200, 403]),
      service_staff: [403, 403],
      district_admin: [200, 200],
    },
  },
  {
    endpoint: 'POST /notices/{id}/read (only the leaders it went to)',
    call: async (as) => (await system.call('POST', `/notices/${await gridNotice()}/read`, { as })).status,
    expect: { ...everyoneInside(403, 403, [403, 403]), unit_leader: [200, 403], building_leader: [200, 403] },
  },
  {
    endpoint: 'GET /households/{id}/notices (its residents and the leaders and staff who serve it)',
    call: async (as) => (await system.call('GET', `/households/${DEMO_HOUSEHOLD_ID}/notices`, { as })).status,
    expect: {
      ...everyoneInside(200, 403, [200, 403]),
      service_staff: [403, 403],
      district_admin: [200, 200],
    },
  },
];

describe.each(CASES)('$endpoint', ({ call, expect: expected }) => {
  it.each(PEOPLE)('$role: inside and outside its scope', async ({ role, inside, outside }) => {
    const [whenInside, whenOutside] = expected[role];
    expect([await call(inside), await call(outside)]).toEqual([whenInside, whenOutside]);
  });
});

describe('a person’s preferences and inbox are their own', () => {
  it('one person’s choice and inbox item are nobody else’s', async () => {
    const [me, other] = [holder(DEMO_HOUSEHOLD_ID, 0), holder(neighbour.id, 0)];
    const at = system.clock.now().toISOString();
    await putInboxEntry(system.stack.deps.table, me, {
      key: 'matrix-inbox-1',
      kind: 'request-update',
      text: '您的诉求已办结',
      urgent: false,
      at,
    });
    await system.call('PUT', '/me/preferences', { as: me, body: { channels: [], notices: 'work-only' } });
    const [mine, theirs] = await Promise.all([
      system.call('GET', '/me/inbox', { as: me }),
      system.call('GET', '/me/inbox', { as: other }),
    ]);
    const keys = (body: Record<string, unknown>) => (body.items as { key: string }[]).map((item) => item.key);
    expect(keys(mine.body)).toContain('matrix-inbox-1');
    expect(keys(theirs.body)).not.toContain('matrix-inbox-1');
    const theirChoice = await system.call('GET', '/me/preferences', { as: other });
    expect(theirChoice.body.channels).not.toEqual([]);
  });
});

describe('listing never leaks across scopes', () => {
  it('an area listing shows the area’s requests only, and an assignee listing only one’s own', async () => {
    const id = await submitFor(neighbour.residents[0]!.personId);
    const gridLeader = holder(DEMO_HOUSEHOLD_ID, 2);
    const area = await system.call('GET', `/requests?node=${home.ancestors.grid}&status=assigned`, {
      as: gridLeader,
    });
    const ids = (area.body.items as { id: string; ancestors: { grid: string } }[]).map(
      (item) => item.ancestors.grid,
    );
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set([home.ancestors.grid]));
    const community = await system.call('GET', `/requests?node=${home.ancestors.community}&status=assigned`, {
      as: holder(DEMO_HOUSEHOLD_ID, 3),
    });
    expect((community.body.items as { id: string }[]).map((item) => item.id)).toContain(id);
    const someoneElses = await system.call('GET', `/requests?assignee=${holder(neighbour.id, 0)}`, {
      as: holder(DEMO_HOUSEHOLD_ID, 0),
    });
    expect(someoneElses.status).toBe(403);
  });

  it('phone numbers are shown in full to the leaders and staff who serve the household, masked for service staff', async () => {
    const asLeader = await system.call('GET', `/requests/${requestId}`, { as: holder(DEMO_HOUSEHOLD_ID, 1) });
    const asService = await system.call('GET', `/requests/${requestId}`, { as: 'p-water-in' });
    expect((asLeader.body.request as { residentPhone: string }).residentPhone).toMatch(/^\+86100\d{8}$/);
    expect((asService.body.request as { residentPhone: string }).residentPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});
