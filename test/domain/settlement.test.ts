import { describe, expect, it } from 'vitest';
import {
  addMonths,
  aggregateLeader,
  aggregateMonth,
  bonusFor,
  csvLine,
  endOfMonth,
  hasEnded,
  isMonth,
  monthOf,
  previousMonth,
  rank,
  rankTable,
  statementSms,
} from '../../shared/domain/settlement.js';
import { smsSegments } from '../../shared/domain/sms.js';

const ZONE = 'Asia/Shanghai';

describe('month attribution in the district zone', () => {
  it('puts an entry five seconds after midnight on 1 November (Beijing) in November, though UTC says October', () => {
    expect(monthOf('2026-10-31T16:00:05Z', ZONE)).toBe('2026-11');
    expect(monthOf('2026-10-31T15:59:59Z', ZONE)).toBe('2026-10');
    expect(monthOf('2026-10-31T16:00:05Z', 'UTC')).toBe('2026-10');
  });

  it('ends a month at midnight in the zone, and knows the month that just ended', () => {
    expect(endOfMonth('2026-10', ZONE).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(endOfMonth('2026-12', ZONE).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(hasEnded('2026-10', new Date('2026-10-31T15:59:59Z'), ZONE)).toBe(false);
    expect(hasEnded('2026-10', new Date('2026-10-31T16:00:00Z'), ZONE)).toBe(true);
    expect(previousMonth(new Date('2026-10-31T18:00:00Z'), ZONE)).toBe('2026-10');
    expect(previousMonth(new Date('2027-01-01T02:00:00+08:00'), ZONE)).toBe('2026-12');
  });

  it('reads months as YYYY-MM only, and counts across years', () => {
    expect(isMonth('2026-10')).toBe(true);
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-10', '2026-10-01', ''])
      expect(isMonth(bad), bad).toBe(false);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
});

describe('a leader month', () => {
  it('adds up points by reason, requests handled, SLA compliance and the average rating', () => {
    const month = aggregateLeader('p-1', [
      {
        personId: 'p-1',
        transferId: 't1',
        amount: 20,
        memo: { reasons: ['resolved', 'rated-5'], requestId: 'R1', rating: 5 },
      },
      {
        personId: 'p-1',
        transferId: 't2',
        amount: 2,
        memo: { reasons: ['acknowledged-within-sla'], requestId: 'R2' },
      },
      {
        personId: 'p-1',
        transferId: 't3',
        amount: 10,
        memo: { reasons: ['resolved'], requestId: 'R2', rating: 2 },
      },
      { personId: 'p-1', transferId: 't4', amount: -2, memo: { reasons: ['breached-sla'], requestId: 'R2' } },
      { personId: 'p-1', transferId: 't5', amount: 20, memo: { reasons: ['monthly-bonus'] } },
    ]);
    expect(month).toEqual({
      personId: 'p-1',
      points: 30,
      earnedByReason: {
        resolved: 20,
        'rated-5': 10,
        'acknowledged-within-sla': 2,
        'breached-sla': -2,
        'monthly-bonus': 20,
      },
      requestsHandled: 2,
      slaCompliance: 0.5,
      averageRating: 3.5,
      ratings: 2,
    });
  });

  it('says null, not zero, when there was nothing to rate or to be on time for', () => {
    expect(
      aggregateLeader('p-1', [{ personId: 'p-1', transferId: 't', amount: 8, memo: { reasons: ['award'] } }]),
    ).toMatchObject({
      requestsHandled: 0,
      slaCompliance: null,
      averageRating: null,
    });
  });

  it('groups entries by leader', () => {
    const months = aggregateMonth([
      { personId: 'p-2', transferId: 'a', amount: 1, memo: { reasons: ['award'] } },
      { personId: 'p-1', transferId: 'b', amount: 2, memo: { reasons: ['award'] } },
      { personId: 'p-2', transferId: 'c', amount: 3, memo: { reasons: ['award'] } },
    ]);
    expect(months.map((m) => [m.personId, m.points])).toEqual([
      ['p-1', 2],
      ['p-2', 4],
    ]);
  });
});

describe('ranking and bonuses', () => {
  const leaders = [
    { personId: 'p-d', points: 5 },
    { personId: 'p-b', points: 10 },
    { personId: 'p-a', points: 10 },
    { personId: 'p-c', points: 12 },
  ];

  it('ranks by points, ties share a rank and the next one skips (1-2-2-4), listed by id', () => {
    expect(rank(leaders).map((l) => [l.personId, l.rank])).toEqual([
      ['p-c', 1],
      ['p-a', 2],
      ['p-b', 2],
      ['p-d', 4],
    ]);
  });

  it('gives the same ranks from a histogram of scores as from the full list', () => {
    const table = rankTable({ '5': 1, '10': 2, '12': 1 });
    for (const leader of rank(leaders)) expect(table.get(leader.points)).toBe(leader.rank);
  });

  it('pays the rule of the rank, to every tied leader, and nothing for no points', () => {
    const rules = [
      { rank: 1, points: 20 },
      { rank: 2, points: 10 },
      { rank: 3, points: 5 },
    ];
    expect(bonusFor(rules, { rank: 2, points: 10 })).toBe(10);
    expect(bonusFor(rules, { rank: 4, points: 5 })).toBe(0);
    expect(bonusFor(rules, { rank: 1, points: 0 })).toBe(0);
  });
});

describe('outputs', () => {
  it('texts a summary in one 70-character segment for realistic figures', () => {
    const figures = { points: 12345, communityRank: 123, districtRank: 19999, balance: 123456 };
    const withBonus = statementSms('【绿园三长】', '2026-10', { ...figures, bonus: 20 });
    expect(withBonus).toEqual({
      template: 'statementBonus',
      params: ['10', '12345', '123', '19999', '20', '123456'],
      text: '【绿园三长】10月积分12345,社区第123名,全区第19999名,奖励20分,余额123456分。',
    });
    expect(smsSegments(withBonus.text)).toBe(1);
  });

  it('texts a summary without a bonus through its own template: a parameter is never empty', () => {
    const withoutBonus = statementSms('【绿园三长】', '2026-01', {
      points: 0,
      communityRank: 7,
      districtRank: 412,
      bonus: 0,
      balance: 1380,
    });
    expect(withoutBonus).toEqual({
      template: 'statement',
      params: ['1', '0', '7', '412', '1380'],
      text: '【绿园三长】1月积分0,社区第7名,全区第412名,余额1380分。',
    });
  });

  it('quotes CSV fields that need it', () => {
    expect(csvLine(['a', 'b,c', 'd"e', null, 3])).toBe('a,"b,c","d""e",,3');
  });
});
