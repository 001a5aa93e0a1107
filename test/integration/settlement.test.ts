import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUING_ACCOUNT, leaderAccount } from '../../shared/domain/ledger.js';
import { SUMMARY_CSV_HEADER } from '../../shared/domain/settlement.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { LocalSystem } from '../../local/local-system.js';
import {
  bonusTransferId,
  settleCommunity,
  startSettlement,
} from '../../shared/services/settlement/settle-month.js';
import { keys } from '../../shared/store/keys.js';
import { commitTransfer, getBalance, getTransfer } from '../../shared/store/ledger-store.js';
import { communityStatements, getRun } from '../../shared/store/settlement-store.js';
import { allItems, config, district, shanghai } from '../support/fixtures.js';

const system = new LocalSystem(config);
const table = () => system.stack.deps.table;

const communities = district.nodes.filter((node) => node.type === 'community').map((node) => node.id);
const [home, away] = communities as [string, string];
/** Three leaders of the first community, one of the second (each holds a post there). */
const leadersOf = (community: string) => [
  ...new Set(
    district.nodes
      .filter((node) => node.post && node.type !== 'community' && node.ancestors.community === community)
      .map((node) => node.post!.holderId),
  ),
];
const [a, b, c] = leadersOf(home) as [string, string, string];
const [d] = leadersOf(away) as [string];

let serial = 0;
async function earn(
  personId: string,
  community: string,
  amount: number,
  at: Date,
  memo: { reasons: string[]; requestId?: string; rating?: number },
) {
  await commitTransfer(table(), {
    id: `test:${++serial}`,
    from: ISSUING_ACCOUNT,
    to: leaderAccount(personId),
    amount,
    at: at.toISOString(),
    memo: { ...memo, community },
  });
}

beforeAll(async () => {
  await system.start();
  // October 2026 (Shanghai): a 15, b 10, c 10 (a tie), d 4 in the other community.
  await earn(a, home, 15, shanghai('2026-10-10 10:00'), {
    reasons: ['resolved', 'resolved-within-sla'],
    requestId: 'R1',
    rating: 5,
  });
  await earn(a, home, 2, shanghai('2026-10-12 10:00'), {
    reasons: ['acknowledged-within-sla'],
    requestId: 'R2',
  });
  await commitTransfer(table(), {
    id: 'test:breach',
    from: leaderAccount(a),
    to: ISSUING_ACCOUNT,
    amount: 2,
    at: shanghai('2026-10-12 12:00').toISOString(),
    memo: { reasons: ['breached-sla'], requestId: 'R2', community: home },
  });
  await earn(b, home, 10, shanghai('2026-10-31 23:59'), {
    reasons: ['resolved'],
    requestId: 'R3',
    rating: 3,
  });
  await earn(c, home, 10, shanghai('2026-10-01 00:00'), { reasons: ['award'] });
  await earn(d, away, 4, shanghai('2026-10-20 09:00'), { reasons: ['volunteer-hours'] });
  // Closed five seconds after midnight on 1 November, Shanghai time (still 31 October in UTC): November's.
  await earn(d, away, 50, new Date('2026-10-31T16:00:05Z'), { reasons: ['resolved'], requestId: 'R4' });
});
afterAll(() => system.stop());

const settle = (month?: string) => system.stack.settlement.settle(month ? { month } : {});
const sorted = (items: Record<string, unknown>[]) =>
  items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();

describe('the monthly settlement on the synthesized state machine', () => {
  it('writes statements with community and district ranks, pays the bonuses and texts each leader once', async () => {
    await settle('2026-10');
    await system.streamHandled();

    const statements = await communityStatements(table(), '2026-10', home);
    const byPerson = new Map(statements.map((statement) => [statement.personId, statement]));
    expect(byPerson.get(a)).toMatchObject({
      points: 15,
      earnedByReason: {
        resolved: 8,
        'resolved-within-sla': 7,
        'acknowledged-within-sla': 2,
        'breached-sla': -2,
      },
      requestsHandled: 2,
      slaCompliance: 0.5,
      averageRating: 5,
      communityRank: 1,
      districtRank: 1,
      bonus: 20,
      balance: 35,
    });
    expect(byPerson.get(b)).toMatchObject({
      points: 10,
      communityRank: 2,
      districtRank: 2,
      bonus: 10,
      balance: 20,
    });
    expect(byPerson.get(c)).toMatchObject({ points: 10, communityRank: 2, districtRank: 2, bonus: 10 });
    const [other] = await communityStatements(table(), '2026-10', away);
    // d's November entry is not October's.
    expect(other).toMatchObject({ personId: d, points: 4, communityRank: 1, districtRank: 4, bonus: 20 });
    expect(await getTransfer(table(), bonusTransferId('2026-10', home, a))).toMatchObject({ amount: 20 });

    const summaries = system.outbox.filter((message) => message.text.includes('10月积分'));
    expect(summaries).toHaveLength(4);
    expect(summaries.map((message) => message.text)).toContain(
      '【绿园三长】10月积分15,社区第1名,全区第1名,奖励20分,余额35分。',
    );
    for (const message of summaries) expect([...message.text].length).toBeLessThanOrEqual(70);
    expect(summaries.find((message) => message.text.includes('余额35分'))).toMatchObject({
      template: 'statementBonus',
      params: ['10', '15', '1', '1', '20', '35'],
    });
    const { Item: recorded } = await table().db.send(
      new GetCommand({ TableName: table().name, Key: keys.statementMessage('2026-10', home, a) }),
    );
    expect(recorded).toMatchObject({
      status: 'sent',
      template: 'statementBonus',
      params: ['10', '15', '1', '1', '20', '35'],
      text: '【绿园三长】10月积分15,社区第1名,全区第1名,奖励20分,余额35分。',
    });
    expect(await getRun(table(), '2026-10')).toMatchObject({ status: 'finished', leaders: 4 });
  });

  it('changes nothing when the same month is settled again: no second bonus, no second SMS', async () => {
    await system.streamHandled();
    const before = sorted(await allItems(system));
    const sent = system.outbox.length;
    await settle('2026-10');
    await system.streamHandled();
    expect(sorted(await allItems(system))).toEqual(before);
    expect(system.outbox.length).toBe(sent);
  });

  it('finishes a run killed half-way without a double bonus, a lost statement or a second SMS', async () => {
    await earn(a, home, 6, shanghai('2026-09-10 10:00'), { reasons: ['award'] });
    await earn(d, away, 3, shanghai('2026-09-11 10:00'), { reasons: ['award'] });
    // The first run got as far as settling the first community, then died.
    await startSettlement(system.stack.deps, { month: '2026-09' });
    await settleCommunity(system.stack.deps, { month: '2026-09', communityId: home });
    const balanceAfterCrash = await getBalance(table(), leaderAccount(a));
    await system.streamHandled();
    const sent = system.outbox.length;

    await settle('2026-09');
    await system.streamHandled();

    expect(await getBalance(table(), leaderAccount(a))).toBe(balanceAfterCrash);
    expect(await communityStatements(table(), '2026-09', home)).toMatchObject([{ personId: a, bonus: 20 }]);
    expect(await communityStatements(table(), '2026-09', away)).toMatchObject([{ personId: d, bonus: 20 }]);
    expect(system.outbox.length - sent).toBe(2);
    expect(await getRun(table(), '2026-09')).toMatchObject({ status: 'finished' });
  });

  it('resumes a run whose end was lost: the notified communities are not texted again', async () => {
    await system.observer.db.send(
      new DeleteCommand({ TableName: system.observer.name, Key: keys.settlementRun('2026-09') }),
    );
    await system.streamHandled();
    const sent = system.outbox.length;
    const balance = await getBalance(table(), leaderAccount(a));
    await settle('2026-09');
    await system.streamHandled();
    expect(system.outbox.length).toBe(sent);
    expect(await getBalance(table(), leaderAccount(a))).toBe(balance);
    expect(await getRun(table(), '2026-09')).toMatchObject({ status: 'finished' });
  });

  it('settles the month that just ended when the schedule starts it with {}; its SMS wait out quiet hours', async () => {
    system.clock.set(shanghai('2026-12-01 02:00'));
    try {
      await system.streamHandled();
      const sent = system.outbox.length;
      await settle();
      await system.streamHandled();
      expect(await getRun(table(), '2026-11')).toMatchObject({ status: 'finished' });
      const [other] = await communityStatements(table(), '2026-11', away);
      expect(other).toMatchObject({ personId: d, points: 50 });
      // The schedule runs at 02:00 Shanghai: the statement SMS is held until quiet hours end.
      expect(system.outbox.length).toBe(sent);
      const { Item: held } = await table().db.send(
        new GetCommand({ TableName: table().name, Key: keys.statementMessage('2026-11', away, d) }),
      );
      expect(held).toMatchObject({ status: 'held', heldUntil: shanghai('2026-12-01 07:30').toISOString() });
    } finally {
      system.clock.set(new Date('2026-11-23T02:00:00Z'));
    }
  });

  it('refuses a month that has not ended (409) or is malformed (400), writing nothing', async () => {
    await system.streamHandled();
    const before = sorted(await allItems(system));
    await expect(startSettlement(system.stack.deps, { month: '2026-11' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(startSettlement(system.stack.deps, { month: '2026-13' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(settle('2026-11')).rejects.toThrow();
    await system.streamHandled();
    expect(sorted(await allItems(system))).toEqual(before);
  });

  describe('the API', () => {
    it('serves a leader their statements, and staff over them; not a stranger', async () => {
      const own = await system.call('GET', '/statements/2026-10', { as: a });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({
        month: '2026-10',
        personId: a,
        items: [{ communityId: home, points: 15 }],
      });
      const admin = await system.call('GET', `/statements/2026-10?personId=${a}`, { as: 'p-admin' });
      expect(admin.body).toMatchObject({ items: [{ personId: a }] });
      expect((await system.call('GET', `/statements/2026-10?personId=${a}`, { as: d })).status).toBe(403);
    });

    it('serves the leaderboards of a community and of the district', async () => {
      const community = await system.call('GET', `/leaderboards/2026-10?community=${home}`, { as: d });
      const ranked = (community.body.items as { personId: string; rank: number }[]).map((item) => [
        item.personId,
        item.rank,
      ]);
      expect(ranked).toEqual([[a, 1], ...[b, c].sort().map((id) => [id, 2])]);
      const districtBoard = await system.call('GET', '/leaderboards/2026-10', { as: a });
      expect(
        (districtBoard.body.items as { personId: string; rank: number }[]).map((item) => item.rank),
      ).toEqual([1, 2, 2, 4]);
    });

    it('gives the bureau the district summary as CSV', async () => {
      const csv = await system.call('GET', '/settlements/2026-10/summary.csv', { as: 'p-admin', raw: true });
      expect(csv.status).toBe(200);
      const lines = String(csv.body.text).trim().split('\n');
      expect(lines[0]).toBe(SUMMARY_CSV_HEADER);
      expect(lines).toHaveLength(5);
      expect(lines.some((line) => line.startsWith(`2026-10,${home},${a},`))).toBe(true);
    });

    it('refuses a malformed month (400 naming month) and one not ended (409), writing nothing', async () => {
      await system.streamHandled();
      const before = sorted(await allItems(system));
      const malformed = await system.call('POST', '/settlements/2026-1', { as: 'p-admin' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'month', message: 'must be YYYY-MM' }]);
      const early = await system.call('POST', '/settlements/2026-11', { as: 'p-admin' });
      expect(early.status).toBe(409);
      expect(String(early.body.detail)).toContain('has not ended');
      expect((await system.call('GET', '/leaderboards/10-2026', { as: a })).status).toBe(400);
      await system.streamHandled();
      expect(sorted(await allItems(system))).toEqual(before);
    });
  });
});
