import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_PARTNERS } from '../../demo/demo-intake.js';
import { LocalSystem, type ApiResult } from '../../local/local-system.js';
import { allItems, chainOf, config, household } from '../support/fixtures.js';

/**
 * Input nobody should send, on DynamoDB Local (which refuses oversized keys and foreign cursors
 * as DynamoDB does): ids and parameters over the key limits, and forged, truncated, cross-listing
 * and oversized cursors on every listing. Each is a 400 problem naming the field, and writes nothing.
 */
const system = new LocalSystem(config);
const home = household();
const resident = home.residents[0]!.personId;
const [unitLeader, , , communityStaff] = chainOf().map((link) => link.post!.holderId) as [
  string,
  string,
  string,
  string,
];
const LONG = 'a'.repeat(3000);

beforeAll(async () => {
  await system.start();
}, 120_000);
afterAll(() => system.stop());

function expectProblem(answer: ApiResult, field: string) {
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ status: 400, type: expect.stringMatching(/^https:/) });
  expect((answer.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
}

describe('ids and parameters over DynamoDB’s key limits', () => {
  const admin = DEMO_ADMIN.id;
  const cases = [
    ['GET', `/nodes/${LONG}`, admin, undefined, 'id'],
    ['GET', `/nodes/${LONG}/children`, admin, undefined, 'id'],
    ['PATCH', `/households/${LONG}`, admin, { room: '101' }, 'id'],
    ['GET', `/people/${LONG}`, admin, undefined, 'id'],
    ['POST', `/requests/${LONG}/acknowledge`, admin, {}, 'id'],
    ['GET', `/accounts/${LONG}`, admin, undefined, 'personId'],
    ['POST', `/rewards/${LONG}/redeem`, unitLeader, undefined, 'id'],
    ['DELETE', `/partners/${DEMO_PARTNERS.signed}/secrets/${LONG}`, admin, undefined, 'secretId'],
    ['GET', `/requests?node=${LONG}`, admin, undefined, 'node'],
    ['GET', `/requests?householdId=${'b'.repeat(100)}`, admin, undefined, 'householdId'],
    ['GET', `/providers?node=${LONG}`, admin, undefined, 'node'],
    ['GET', `/redemptions?scope=${'c'.repeat(200)}`, admin, undefined, 'scope'],
    ['GET', `/statements/2026-10?personId=${'d'.repeat(200)}`, admin, undefined, 'personId'],
    ['GET', `/leaderboards/2026-10?community=${'e'.repeat(200)}`, admin, undefined, 'community'],
    ['POST', `/intake/${LONG}`, undefined, {}, 'partnerId'],
    ['POST', `/intake/${DEMO_PARTNERS.qrCodes}/${LONG}`, undefined, {}, 'token'],
    ['POST', '/regrid', admin, { buildingIds: [LONG], toGridId: 'gd-yinrong-1' }, 'buildingIds.0'],
    ['PUT', `/nodes/${home.parentId}/post`, admin, { personId: LONG }, 'personId'],
    [
      'POST',
      '/requests',
      admin,
      { householdId: LONG, category: 'repair', description: '门坏了' },
      'householdId',
    ],
    ['POST', '/requests/R1/dispatch', admin, { to: LONG }, 'to'],
  ] as const;
  const named = cases.map(([method, path, as, body, field]) => ({
    label: `${method} ${path.replace(/([a-e])\1{99,}/g, (run) => `<${run.length} characters>`)}`,
    method,
    path,
    as,
    body,
    field,
  }));
  // The table is read once before and once after them all (reading it takes a while).
  let before = 0;
  beforeAll(async () => {
    await system.streamHandled();
    before = (await allItems(system)).length;
  });

  it.each(named)('$label → 400 naming it', async ({ method, path, as, body, field }) => {
    const answer = await system.call(method, path, {
      ...(as ? { as } : {}),
      ...(body ? { body } : {}),
      headers: { 'idempotency-key': 'bounds-0001' },
    });
    expectProblem(answer, field);
  });

  it('answers Open311 in its own format', async () => {
    const answer = await system.call('GET', `/open311/v2/requests/${LONG}.json`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual([{ code: 400, description: expect.stringMatching(/^file: /) }]);
  });

  it('wrote nothing for any of them', async () => {
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });
});

describe('one cursor codec for every listing', () => {
  /** A listing's first page and its cursor, with the URL that asks for the next. */
  type Listing = { name: string; path: string; as: string };
  const listings: Listing[] = [];
  const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const page = (listing: Listing, cursor: string) =>
    system.call('GET', `${listing.path}${listing.path.includes('?') ? '&' : '?'}limit=1&cursor=${cursor}`, {
      as: listing.as,
    });
  const firstCursor = async (listing: Listing) => {
    const first = await system.call(
      'GET',
      `${listing.path}${listing.path.includes('?') ? '&' : '?'}limit=1`,
      { as: listing.as },
    );
    expect(first.status, listing.name).toBe(200);
    expect(first.body.nextCursor, listing.name).toEqual(expect.any(String));
    return String(first.body.nextCursor);
  };

  beforeAll(async () => {
    // Two entries on the unit leader's account, two redemptions, two requests of the household.
    for (const key of ['cursor-award-1', 'cursor-award-2']) {
      const award = await system.call('POST', '/points/awards', {
        as: communityStaff,
        headers: { 'idempotency-key': key },
        body: { personId: unitLeader, points: 50, reason: '楼道清理' },
      });
      expect(award.status).toBe(201);
    }
    const reward = await system.call('POST', '/rewards', {
      as: communityStaff,
      body: { id: 'rw-cursor', name: '洗衣液', pricePoints: 5, stock: 10, scope: home.ancestors.community },
    });
    expect(reward.status).toBe(201);
    for (const key of ['cursor-redeem-1', 'cursor-redeem-2']) {
      const redeemed = await system.call('POST', '/rewards/rw-cursor/redeem', {
        as: unitLeader,
        headers: { 'idempotency-key': key },
      });
      expect(redeemed.status).toBe(201);
    }
    for (const description of ['楼道灯坏了', '下水道堵了']) {
      const submitted = await system.call('POST', '/requests', {
        as: resident,
        body: { category: 'repair', description },
      });
      expect(submitted.status).toBe(201);
      await system.waitFor(String(submitted.body.id), 'AwaitLeader');
    }
    listings.push(
      { name: 'own account', path: '/accounts/me', as: unitLeader },
      { name: 'an account', path: `/accounts/${unitLeader}`, as: communityStaff },
      { name: 'children', path: `/nodes/${home.ancestors.community}/children`, as: communityStaff },
      { name: 'own redemptions', path: '/redemptions', as: unitLeader },
      { name: 'reserved', path: `/redemptions?scope=${home.ancestors.community}`, as: communityStaff },
      { name: 'household requests', path: '/requests', as: resident },
      { name: 'assigned requests', path: '/requests?status=assigned', as: unitLeader },
      {
        name: 'area requests',
        path: `/requests?node=${home.ancestors.unit}&status=assigned`,
        as: communityStaff,
      },
    );
  }, 120_000);

  it('pages on with the cursor it handed out', async () => {
    for (const listing of listings) {
      const next = await page(listing, await firstCursor(listing));
      expect(next.status, listing.name).toBe(200);
    }
  });

  it('refuses forged, truncated, oversized and cross-listing cursors on every listing, naming cursor', async () => {
    const cursors = await Promise.all(listings.map(firstCursor));
    // The requests submitted above notify asynchronously (inbox items, sent statuses): settle first.
    await system.streamHandled();
    const before = (await allItems(system)).length;
    for (const [index, listing] of listings.entries()) {
      const own = cursors[index]!;
      const key = JSON.parse(Buffer.from(own, 'base64url').toString('utf8')) as Record<string, string>;
      // Two apart: the first two listings are one account's, read two ways.
      const another = cursors[(index + 2) % cursors.length]!;
      const bad = {
        forged: 'eyJhIjoxfQ',
        truncated: own.slice(0, -5),
        oversized: raw({ ...key, SK: 'x'.repeat(1100) }),
        'another listing’s': another,
        'a well-formed one of another partition': raw(
          Object.fromEntries(Object.entries(key).map(([name, value]) => [name, `${value}x`])),
        ),
      };
      for (const [what, cursor] of Object.entries(bad)) {
        const answer = await page(listing, cursor);
        expect(answer.status, `${what} cursor on ${listing.name}`).toBe(400);
        expectProblem(answer, 'cursor');
      }
    }
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });
});
