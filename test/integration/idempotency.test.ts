import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import { getBalance, leaderAccount } from '../../shared/store/ledger-store.js';
import { chainOf, config, district, household } from '../support/fixtures.js';

/**
 * Idempotency that tells the truth, on DynamoDB Local: a repeat that asks the same is answered with
 * what was stored (200); the same action or Idempotency-Key asking for something else is a 409
 * carrying what was stored, and the original stands.
 */
const system = new LocalSystem(config);
beforeAll(() => system.start());
afterAll(() => system.stop());

const home = household();
const resident = home.residents[0]!.personId;
const [unitLeader, buildingLeader, , communityStaff] = chainOf().map((link) => link.post!.holderId) as [
  string,
  string,
  string,
  string,
];

type Body = Record<string, unknown>;
const fieldOf = (body: Body) => (body.errors as { field: string }[] | undefined)?.[0]?.field;

async function submitted(description: string) {
  const response = await system.call('POST', '/requests', {
    as: resident,
    body: { category: 'repair', description },
  });
  expect(response.status).toBe(201);
  const id = String(response.body.id);
  await system.waitFor(id, 'AwaitLeader');
  return id;
}

async function timelineOf(id: string) {
  const { body } = await system.call('GET', `/requests/${id}`, { as: unitLeader });
  return body.timeline as { event: string; note?: string }[];
}

describe('a repeated action', () => {
  it('ten concurrent resolves with ten notes: one is applied, nine answer 409 carrying it', async () => {
    const id = await submitted('路灯不亮');
    const notes = Array.from({ length: 10 }, (_, index) => `第${index + 1}种处理方式`);
    const answers = await Promise.all(
      notes.map((note) => system.call('POST', `/requests/${id}/resolve`, { as: unitLeader, body: { note } })),
    );

    const won = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 409);
    expect([won.length, refused.length]).toEqual([1, 9]);
    const stored = (won[0]!.body.resolution as { note: string }).note;
    for (const answer of refused) {
      expect(fieldOf(answer.body)).toBe('resolve');
      expect(answer.body.stored).toMatchObject({ id, resolution: { note: stored } });
    }
    const resolved = (await timelineOf(id)).filter((entry) => entry.event === 'resolved');
    expect(resolved).toEqual([expect.objectContaining({ note: stored })]);
  });

  it('ten concurrent identical resolves: all answer 200 with the one resolution', async () => {
    const id = await submitted('门禁坏了');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        system.call('POST', `/requests/${id}/resolve`, { as: unitLeader, body: { note: '已修好门禁' } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => answer.body.version)).size).toBe(1);
    expect((await timelineOf(id)).filter((entry) => entry.event === 'resolved')).toHaveLength(1);
  });

  it('a resident who confirmed with 5 stars and then sends 1 star gets a 409; the rating stays 5', async () => {
    const id = await submitted('水压低');
    await system.call('POST', `/requests/${id}/resolve`, { as: unitLeader, body: { note: '已调压' } });
    await system.waitFor(id, 'AwaitResident');
    const first = await system.call('POST', `/requests/${id}/confirm`, { as: resident, body: { rating: 5 } });
    const again = await system.call('POST', `/requests/${id}/confirm`, { as: resident, body: { rating: 5 } });
    const other = await system.call('POST', `/requests/${id}/confirm`, { as: resident, body: { rating: 1 } });
    expect([first.status, again.status, other.status]).toEqual([200, 200, 409]);
    expect(other.body.stored).toMatchObject({ rating: 5 });
    expect((await system.request(id)).rating).toBe(5);
  });
});

describe('an Idempotency-Key reused with other content', () => {
  it('POST /requests: 409 carrying the first request, which stands; the same again is 200', async () => {
    const headers = { 'idempotency-key': 'reuse-request-0001' };
    const body = { category: 'repair', description: '窗户关不上' };
    const first = await system.call('POST', '/requests', { as: resident, body, headers });
    const again = await system.call('POST', '/requests', { as: resident, body, headers });
    const other = await system.call('POST', '/requests', {
      as: resident,
      body: { ...body, description: '别的事' },
      headers,
    });
    expect([first.status, again.status, other.status]).toEqual([201, 200, 409]);
    expect([fieldOf(other.body), (other.body.stored as Body).id]).toEqual(['Idempotency-Key', first.body.id]);
    expect((await system.request(String(first.body.id))).description).toBe('窗户关不上');
  });

  it('POST /requests for a household whose tags raise the priority: the identical retry is 200', async () => {
    const tagged = district.households.find(
      (candidate) =>
        candidate.ancestors.community === home.ancestors.community && candidate.tags?.includes('独居老人'),
    )!;
    const headers = { 'idempotency-key': 'tagged-retry-0001' };
    const body = { category: 'repair', description: '灯不亮', householdId: tagged.id };
    const first = await system.call('POST', '/requests', { as: communityStaff, body, headers });
    const again = await system.call('POST', '/requests', { as: communityStaff, body, headers });
    expect([first.status, first.body.priority, again.status]).toEqual([201, 'high', 200]);
  });

  it('POST /points/awards and /points/volunteer-hours: 409 carrying the first transfer; points move once', async () => {
    const balance = () => getBalance(system.stack.deps.table, leaderAccount(buildingLeader));
    const start = await balance();
    const award = { personId: buildingLeader, points: 10, reason: '组织义诊' };
    const awardKey = { 'idempotency-key': 'reuse-award-0001' };
    const first = await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: award,
      headers: awardKey,
    });
    const other = await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: { ...award, reason: '组织义诊和讲座' },
      headers: awardKey,
    });
    expect([first.status, other.status, fieldOf(other.body)]).toEqual([201, 409, 'Idempotency-Key']);
    expect(other.body.stored).toMatchObject({ id: first.body.id, amount: 10, memo: { note: '组织义诊' } });

    const hours = { personId: buildingLeader, hours: 1, activity: '清扫楼道', date: '2026-11-20' };
    const hoursKey = { 'idempotency-key': 'reuse-hours-0001' };
    const logged = await system.call('POST', '/points/volunteer-hours', {
      as: communityStaff,
      body: hours,
      headers: hoursKey,
    });
    const relogged = await system.call('POST', '/points/volunteer-hours', {
      as: communityStaff,
      body: { ...hours, hours: 3 },
      headers: hoursKey,
    });
    expect([logged.status, relogged.status, fieldOf(relogged.body)]).toEqual([201, 409, 'Idempotency-Key']);
    expect(await balance()).toBe(start + 10 + Number(logged.body.amount));
  });

  it('POST /rewards/{id}/redeem: the key for another reward is a 409 carrying the first redemption', async () => {
    for (const id of ['rw-reuse-a', 'rw-reuse-b']) {
      const created = await system.call('POST', '/rewards', {
        as: communityStaff,
        body: { id, name: `奖品 ${id}`, pricePoints: 1, stock: 5, scope: home.ancestors.community },
      });
      expect(created.status).toBe(201);
    }
    await system.call('POST', '/points/awards', {
      as: communityStaff,
      body: { personId: unitLeader, points: 5, reason: '奖励' },
      headers: { 'idempotency-key': 'fund-redeem-0001' },
    });
    const headers = { 'idempotency-key': 'reuse-redeem-0001' };
    const first = await system.call('POST', '/rewards/rw-reuse-a/redeem', { as: unitLeader, headers });
    const again = await system.call('POST', '/rewards/rw-reuse-a/redeem', { as: unitLeader, headers });
    const other = await system.call('POST', '/rewards/rw-reuse-b/redeem', { as: unitLeader, headers });
    expect([first.status, again.status, other.status]).toEqual([201, 200, 409]);
    expect(other.body.stored).toMatchObject({ id: first.body.id, rewardId: 'rw-reuse-a' });
    const mine = await system.call('GET', '/redemptions', { as: unitLeader });
    expect(
      (mine.body.items as { rewardId: string }[]).filter((item) => item.rewardId === 'rw-reuse-b'),
    ).toEqual([]);
  });
});
