import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SCOPE, type Access } from '../../shared/domain/access.js';
import {
  ISSUING_ACCOUNT,
  leaderAccount,
  ledgerViolations,
  type LedgerEntry,
} from '../../shared/domain/ledger.js';
import { ConflictError } from '../../shared/errors.js';
import { LocalSystem } from '../../local/local-system.js';
import { cancel, redeem } from '../../shared/services/points/reward-exchange.js';
import { commitTransfer, deductFromLeader, getBalance } from '../../shared/store/ledger-store.js';
import { putHierarchy } from '../../shared/store/hierarchy-store.js';
import { getReward, putNewReward } from '../../shared/store/reward-store.js';
import { allItems, chainOf, config, district, household } from '../support/fixtures.js';

const system = new LocalSystem(config);
const home = household();
const [unitLeader, buildingLeader, gridLeader, communityStaff] = chainOf().map(
  (link) => link.post!.holderId,
) as [string, string, string, string];
/** Leaders of the household's community, each holding a post. */
const leaders = [
  ...new Set(
    district.nodes
      .filter((node) => node.post && node.ancestors.community === home.ancestors.community)
      .map((node) => node.post!.holderId),
  ),
];

beforeAll(async () => {
  await system.start();
});
afterAll(() => system.stop());

const now = () => system.clock.now().toISOString();
const table = () => system.stack.deps.table;

/** The ledger's invariants over the whole table (a Scan: tests only). */
async function ledgerOfTable() {
  const items = await allItems(system);
  const balances = new Map<string, number>();
  const entries: LedgerEntry[] = [];
  const transfers = new Map<string, number>();
  for (const item of items) {
    const pk = String(item.PK);
    const sk = String(item.SK);
    if (pk.startsWith('ACCT#') && sk === 'BALANCE') balances.set(pk.slice(5), item.balance as number);
    if (pk.startsWith('ACCT#') && sk.startsWith('ENTRY#')) entries.push(item as unknown as LedgerEntry);
    if (sk === 'TRANSFER') transfers.set(pk, (transfers.get(pk) ?? 0) + 1);
  }
  return { balances, entries, transfers, items };
}

async function fund(personId: string, amount: number, id = `fund:${personId}:${amount}:${now()}`) {
  await commitTransfer(table(), {
    id,
    from: ISSUING_ACCOUNT,
    to: leaderAccount(personId),
    amount,
    at: now(),
    memo: { reasons: ['award'] },
  });
}

async function newReward(id: string, stock: number, pricePoints: number, scope = DISTRICT_SCOPE) {
  await putNewReward(table(), {
    id,
    name: `奖品 ${id}`,
    pricePoints,
    stock,
    scope,
    status: 'active',
    createdAt: now(),
    updatedAt: now(),
  });
}

const admin: Access = { personId: 'p-admin', grants: [{ role: 'district_admin', scope: DISTRICT_SCOPE }] };
const leaderAccess = (personId: string): Access => ({
  personId,
  grants: [{ role: 'unit_leader', scope: 'x' }],
});

describe('the ledger under random sequences, some concurrent', () => {
  type Op =
    | { kind: 'award'; leader: number; points: number; key: number }
    | { kind: 'deduct'; leader: number; points: number; key: number }
    | { kind: 'redeem'; leader: number; key: number }
    | { kind: 'cancel'; which: number };
  const leader = fc.integer({ min: 0, max: 3 });
  const key = fc.integer({ min: 0, max: 4 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('award'), leader, points: fc.integer({ min: 1, max: 25 }), key }),
    fc.record({ kind: fc.constant('deduct'), leader, points: fc.integer({ min: 1, max: 15 }), key }),
    fc.record({ kind: fc.constant('redeem'), leader, key }),
    fc.record({ kind: fc.constant('cancel'), which: fc.nat() }),
  );
  /** Batches run one after another; the ops of a batch run at once. */
  const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });

  it('sum zero, balances = entries, no leader below zero, one movement per key, stock never below zero', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(batches, async (plan) => {
        run++;
        const rewardId = `rw-prop-${run}`;
        const initialStock = 3;
        await newReward(rewardId, initialStock, 10);
        const redemptions: string[] = [];
        const execute = async (step: Op) => {
          const person = leaders[step.kind === 'cancel' ? 0 : step.leader]!;
          try {
            switch (step.kind) {
              case 'award':
                await fund(person, step.points, `prop:${run}:award:${step.key}`);
                return;
              case 'deduct':
                await deductFromLeader(table(), person, step.points, {
                  id: `prop:${run}:deduct:${step.leader}:${step.key}`,
                  at: now(),
                  memo: { reasons: ['breached-sla'] },
                });
                return;
              case 'redeem': {
                const { redemption } = await redeem(
                  system.stack.deps,
                  leaderAccess(person),
                  rewardId,
                  `prop-${run}-${step.key}`,
                );
                redemptions.push(redemption.id);
                return;
              }
              case 'cancel': {
                const id = redemptions[step.which % Math.max(1, redemptions.length)];
                if (!id) return;
                await cancel(system.stack.deps, admin, id);
                return;
              }
            }
          } catch (error) {
            // A refused redemption (balance, stock) is the ledger doing its job; anything else is not.
            if (!(error instanceof ConflictError)) throw error;
          }
        };
        for (const batch of plan) await Promise.all(batch.map(execute));

        const { balances, entries, transfers, items } = await ledgerOfTable();
        expect(ledgerViolations({ balances, entries })).toEqual([]);
        expect([...transfers.values()].every((count) => count === 1)).toBe(true);
        const reward = await getReward(table(), rewardId);
        const held = items.filter(
          (item) => item.SK === 'REDEMPTION' && item.rewardId === rewardId && item.status !== 'cancelled',
        ).length;
        expect(reward!.stock).toBeGreaterThanOrEqual(0);
        expect(reward!.stock + held).toBe(initialStock);
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});

describe('50 redemptions racing for the last 3', () => {
  it('exactly 3 succeed, the rest are 409, the stock ends at 0 and the ledger balances', async () => {
    const racers = leaders.slice(0, 5);
    for (const person of racers) await fund(person, 200, `race-fund:${person}`);
    const before = new Map(
      await Promise.all(racers.map(async (p) => [p, await getBalance(table(), leaderAccount(p))] as const)),
    );
    await newReward('rw-race', 3, 30);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        system.call('POST', '/rewards/rw-race/redeem', { as: racers[index % racers.length]! }),
      ),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(47);
    expect(
      results
        .filter((result) => result.status === 409)
        .every((result) => /out of stock/.test(String(result.body.detail))),
    ).toBe(true);
    expect((await getReward(table(), 'rw-race'))!.stock).toBe(0);
    let spent = 0;
    for (const person of racers)
      spent += before.get(person)! - (await getBalance(table(), leaderAccount(person)));
    expect(spent).toBe(90);
    const { balances, entries } = await ledgerOfTable();
    expect(ledgerViolations({ balances, entries })).toEqual([]);
  }, 60_000);
});

describe('the points API', () => {
  it('an award by community staff, retried with the same Idempotency-Key, pays once', async () => {
    const body = { personId: unitLeader, points: 20, reason: '组织楼道清扫' };
    const headers = { 'idempotency-key': 'award-0001' };
    const first = await system.call('POST', '/points/awards', { as: communityStaff, body, headers });
    const again = await system.call('POST', '/points/awards', { as: communityStaff, body, headers });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const other = await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: { ...body, points: 21 },
      headers,
    });
    expect([other.status, (other.body.errors as { field: string }[])[0]?.field]).toEqual([
      409,
      'Idempotency-Key',
    ]);
    expect(other.body.stored).toMatchObject({ id: first.body.id, amount: first.body.amount });
    const missing = await system.call('POST', '/points/awards', { as: communityStaff, body });
    expect([missing.status, (missing.body.errors as { field: string }[])[0]?.field]).toEqual([
      400,
      'Idempotency-Key',
    ]);
    expect(
      (
        await system.call('POST', '/points/awards', {
          as: gridLeader,
          body,
          headers: { 'idempotency-key': 'award-0002' },
        })
      ).status,
    ).toBe(403);
  });

  it('volunteer hours pay perVolunteerHour an hour, once per person, day and activity', async () => {
    const body = { personId: buildingLeader, hours: 2.5, activity: '助老送餐', date: '2026-11-26' };
    const balance = () => getBalance(table(), leaderAccount(buildingLeader));
    const start = await balance();
    const first = await system.call('POST', '/points/volunteer-hours', { as: communityStaff, body });
    const again = await system.call('POST', '/points/volunteer-hours', { as: communityStaff, body });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(first.body).toMatchObject({
      amount: 10,
      memo: { activity: '助老送餐', reasons: ['volunteer-hours'] },
    });
    expect(await balance()).toBe(start + 10);
  });

  it('a leader reads their balance and entries, a page at a time, newest first, and their grants', async () => {
    const page = await system.call('GET', '/accounts/me?limit=1', { as: unitLeader });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      personId: unitLeader,
      balance: expect.any(Number),
      grants: [{ role: 'unit_leader', scope: home.ancestors.unit }],
    });
    expect(page.body.items).toHaveLength(1);
    const next = await system.call('GET', `/accounts/me?limit=1&cursor=${String(page.body.nextCursor)}`, {
      as: unitLeader,
    });
    expect(next.status).toBe(200);
  });

  it('redeem, fulfil; redeem, cancel (points and stock come back); each retry changes nothing', async () => {
    const created = await system.call('POST', '/rewards', {
      as: communityStaff,
      body: { id: 'rw-oil', name: '食用油一桶', pricePoints: 5, stock: 2, scope: home.ancestors.community },
    });
    expect(created.status).toBe(201);
    const listed = await system.call('GET', `/rewards?scope=${home.ancestors.community}`, { as: unitLeader });
    expect((listed.body.items as { id: string }[]).map((item) => item.id)).toContain('rw-oil');
    const balance = () => getBalance(table(), leaderAccount(unitLeader));
    const start = await balance();

    const first = await system.call('POST', '/rewards/rw-oil/redeem', {
      as: unitLeader,
      headers: { 'idempotency-key': 'redeem-0001' },
    });
    const retried = await system.call('POST', '/rewards/rw-oil/redeem', {
      as: unitLeader,
      headers: { 'idempotency-key': 'redeem-0001' },
    });
    expect([first.status, retried.status, retried.body.id]).toEqual([201, 200, first.body.id]);
    // The grid station sees what waits to be collected; the leader sees their own redemptions.
    const waiting = await system.call('GET', `/redemptions?scope=${home.ancestors.community}`, {
      as: communityStaff,
    });
    expect((waiting.body.items as { id: string }[]).map((item) => item.id)).toContain(first.body.id);
    const mine = await system.call('GET', '/redemptions', { as: unitLeader });
    expect((mine.body.items as { id: string; rewardName: string }[])[0]).toMatchObject({
      id: first.body.id,
      rewardName: '食用油一桶',
    });
    expect(
      (await system.call('GET', `/redemptions?scope=${home.ancestors.community}`, { as: unitLeader })).status,
    ).toBe(403);
    const fulfilled = await system.call('POST', `/redemptions/${String(first.body.id)}/fulfil`, {
      as: communityStaff,
    });
    expect(fulfilled.body.status).toBe('fulfilled');
    const after = await system.call('GET', `/redemptions?scope=${home.ancestors.community}`, {
      as: communityStaff,
    });
    expect((after.body.items as { id: string }[]).map((item) => item.id)).not.toContain(first.body.id);
    expect(
      (await system.call('POST', `/redemptions/${String(first.body.id)}/fulfil`, { as: communityStaff }))
        .status,
    ).toBe(200);
    expect(
      (await system.call('POST', `/redemptions/${String(first.body.id)}/cancel`, { as: communityStaff }))
        .status,
    ).toBe(409);

    const second = await system.call('POST', '/rewards/rw-oil/redeem', { as: unitLeader });
    expect(await balance()).toBe(start - 10);
    const cancelled = await system.call('POST', `/redemptions/${String(second.body.id)}/cancel`, {
      as: communityStaff,
    });
    const cancelledAgain = await system.call('POST', `/redemptions/${String(second.body.id)}/cancel`, {
      as: unitLeader,
    });
    expect([cancelled.body.status, cancelledAgain.status]).toEqual(['cancelled', 200]);
    expect(await balance()).toBe(start - 5);
    expect((await getReward(table(), 'rw-oil'))!.stock).toBe(1);
  });

  it('refuses more than the balance, more than the stock, and a withdrawn reward: 409 with the reason, nothing written', async () => {
    const poor = leaders.find(
      (person) => ![unitLeader, buildingLeader, ...leaders.slice(0, 5)].includes(person),
    )!;
    await newReward('rw-tv', 5, 100_000, home.ancestors.community);
    await newReward('rw-gone', 0, 1, home.ancestors.community);
    await newReward('rw-old', 5, 1, home.ancestors.community);
    expect(
      (await system.call('PATCH', '/rewards/rw-old', { as: communityStaff, body: { status: 'withdrawn' } }))
        .status,
    ).toBe(200);
    await system.streamHandled();
    const before = await allItems(system);
    const tooDear = await system.call('POST', '/rewards/rw-tv/redeem', { as: poor });
    const gone = await system.call('POST', '/rewards/rw-gone/redeem', { as: unitLeader });
    const old = await system.call('POST', '/rewards/rw-old/redeem', { as: unitLeader });
    expect([tooDear.status, gone.status, old.status]).toEqual([409, 409, 409]);
    expect(tooDear.body.detail).toMatch(/balance \d+ < price 100000/);
    expect(gone.body.detail).toMatch(/out of stock/);
    expect(old.body.detail).toMatch(/withdrawn/);
    await system.streamHandled();
    expect(await allItems(system)).toEqual(before);
  });
});

describe('nobody moves points to themselves', () => {
  const errorFields = (body: Record<string, unknown>) =>
    (body.errors as { field: string }[] | undefined)?.map((error) => error.field);

  it('an award or volunteer hours for oneself is 403 naming personId, and writes nothing', async () => {
    await system.streamHandled();
    const before = await allItems(system);
    const award = await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: { personId: communityStaff, points: 10, reason: '自己奖励自己' },
      headers: { 'idempotency-key': 'self-award-1' },
    });
    const hours = await system.call('POST', '/points/volunteer-hours', {
      as: communityStaff,
      body: { personId: communityStaff, hours: 2, activity: '自己登记', date: '2026-11-26' },
    });
    expect([award.status, hours.status]).toEqual([403, 403]);
    expect([errorFields(award.body), errorFields(hours.body)]).toEqual([['personId'], ['personId']]);
    expect(award.body).toMatchObject({ status: 403, title: 'Forbidden' });
    await system.streamHandled();
    expect(await allItems(system)).toEqual(before);
  });

  it('an award needs a reason that is not blank', async () => {
    const blank = await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: { personId: unitLeader, points: 5, reason: '   ' },
      headers: { 'idempotency-key': 'blank-reason-1' },
    });
    expect([blank.status, errorFields(blank.body)]).toEqual([400, ['reason']]);
  });

  it('whoever set a reward’s price or stock does not redeem it; another keeper’s price lifts that', async () => {
    const streetStaff = chainOf()[4]!.post!.holderId;
    await fund(communityStaff, 50, `self-price-fund:${communityStaff}`);
    const created = await system.call('POST', '/rewards', {
      as: communityStaff,
      body: { id: 'rw-self', name: '洗衣液', pricePoints: 1, stock: 5, scope: home.ancestors.community },
    });
    expect(created.status).toBe(201);
    const own = await system.call('POST', '/rewards/rw-self/redeem', { as: communityStaff });
    expect([own.status, errorFields(own.body)]).toEqual([403, ['id']]);
    expect((await getReward(table(), 'rw-self'))!.stock).toBe(5);
    const repriced = await system.call('PATCH', '/rewards/rw-self', {
      as: streetStaff,
      body: { pricePoints: 20 },
    });
    expect(repriced.status).toBe(200);
    expect((await system.call('POST', '/rewards/rw-self/redeem', { as: communityStaff })).status).toBe(201);
    // A change of name only is not pricing: the street staff's price still stands.
    await system.call('PATCH', '/rewards/rw-self', { as: communityStaff, body: { name: '洗衣液一瓶' } });
    expect((await getReward(table(), 'rw-self'))!.setBy).toBe(streetStaff);
  });

  it('a keeper does not fulfil their own redemption; another keeper does', async () => {
    const streetStaff = chainOf()[4]!.post!.holderId;
    await fund(communityStaff, 50, `self-fulfil-fund:${communityStaff}`);
    await newReward('rw-own-fulfil', 5, 3, home.ancestors.community);
    const redeemed = await system.call('POST', '/rewards/rw-own-fulfil/redeem', { as: communityStaff });
    expect(redeemed.status).toBe(201);
    const id = String(redeemed.body.id);
    const own = await system.call('POST', `/redemptions/${id}/fulfil`, { as: communityStaff });
    expect([own.status, errorFields(own.body)]).toEqual([403, ['id']]);
    const other = await system.call('POST', `/redemptions/${id}/fulfil`, { as: streetStaff });
    expect([other.status, other.body.status]).toEqual([200, 'fulfilled']);
  });

  it('a leader of the household a request serves earns no closing points for it', async () => {
    const other = district.households.find(
      (candidate) => candidate.id !== home.id && chainOf(candidate.id)[0]?.post,
    )!;
    const leader = chainOf(other.id)[0]!.post!;
    // The unit leader lives in the household: a resident of it, as leaders usually are.
    await putHierarchy(table(), {
      nodes: [],
      households: [
        {
          ...other,
          residents: [
            ...other.residents,
            {
              personId: leader.holderId,
              name: leader.holderName,
              phone: leader.holderPhone,
              relation: '户主',
            },
          ],
        },
      ],
      persons: [],
    });
    const resident = other.residents[0]!.personId;
    const submitted = await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'repair', description: '自家门锁坏了' },
    });
    const id = String(submitted.body.id);
    await system.waitFor(id, 'AwaitLeader');
    const start = await getBalance(table(), leaderAccount(leader.holderId));
    for (const action of ['acknowledge', 'resolve'])
      expect(
        (
          await system.call('POST', `/requests/${id}/${action}`, {
            as: leader.holderId,
            body: { note: '已修好' },
          })
        ).status,
      ).toBe(200);
    await system.waitFor(id, 'AwaitResident');
    const confirmed = await system.call('POST', `/requests/${id}/confirm`, {
      as: resident,
      body: { rating: 5 },
    });
    expect([confirmed.status, confirmed.body.status]).toEqual([200, 'closed']);
    await system.waitFor(id, 'Closed');
    expect(await getBalance(table(), leaderAccount(leader.holderId))).toBe(start);
  });
});

describe('the monthly award cap', () => {
  const streetStaff = chainOf()[4]!.post!.holderId;

  it('shows a staff member their cap, used and remaining; refuses the rest with 409, nothing written', async () => {
    const before = await system.call('GET', '/points/awards/allowance', { as: communityStaff });
    expect(before.status).toBe(200);
    const { cap, used, remaining } = before.body as { cap: number; used: number; remaining: number };
    expect(cap).toBe(config.points.monthlyAwardCap);
    expect(remaining).toBe(cap - used);
    let given = 0;
    for (let index = 0; given + 50 <= remaining; index++) {
      const award = await system.call('POST', '/points/awards', {
        as: communityStaff,
        body: { personId: gridLeader, points: 50, reason: '月度表彰' },
        headers: { 'idempotency-key': `cap-seq-${index}` },
      });
      expect(award.status).toBe(201);
      given += 50;
    }
    const left = remaining - given;
    await system.streamHandled();
    const snapshot = await allItems(system);
    const over = await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: { personId: gridLeader, points: left + 1, reason: '超出上限' },
      headers: { 'idempotency-key': 'cap-seq-over' },
    });
    expect(over.status).toBe(409);
    expect(over.body.detail).toContain(`capped at ${cap}`);
    expect(over.body.errors).toEqual([
      { field: 'points', message: `over the monthly cap: cap ${cap}, used ${cap - left}, remaining ${left}` },
    ]);
    await system.streamHandled();
    expect(await allItems(system)).toEqual(snapshot);
    // A retry of an award already given is still answered as given.
    const retried = await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: { personId: gridLeader, points: 50, reason: '月度表彰' },
      headers: { 'idempotency-key': 'cap-seq-0' },
    });
    expect(retried.status).toBe(200);
    const after = await system.call('GET', '/points/awards/allowance', { as: communityStaff });
    expect(after.body).toMatchObject({ personId: communityStaff, cap, used: cap - left, remaining: left });
    expect((await system.call('GET', '/points/awards/allowance', { as: unitLeader })).status).toBe(403);
  });

  it('concurrent awards never exceed it together', async () => {
    const { remaining } = (await system.call('GET', '/points/awards/allowance', { as: streetStaff }))
      .body as {
      remaining: number;
    };
    const results = await Promise.all(
      Array.from({ length: Math.floor(remaining / 50) + 5 }, (_, index) =>
        system.call('POST', '/points/awards', {
          as: streetStaff,
          body: { personId: buildingLeader, points: 50, reason: '并发表彰' },
          headers: { 'idempotency-key': `cap-race-${index}` },
        }),
      ),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(Math.floor(remaining / 50));
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
    const items = await allItems(system);
    const awarded = items
      .filter(
        (item) => item.SK === 'TRANSFER' && String(item.id).startsWith(`award:${streetStaff}:cap-race-`),
      )
      .reduce((sum, item) => sum + Number(item.amount), 0);
    expect(awarded).toBe(Math.floor(remaining / 50) * 50);
    const after = (await system.call('GET', '/points/awards/allowance', { as: streetStaff })).body;
    expect(after.remaining).toBe(remaining - awarded);
    const { balances, entries } = await ledgerOfTable();
    expect(ledgerViolations({ balances, entries })).toEqual([]);
  }, 60_000);
});
