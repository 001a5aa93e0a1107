import { describe, expect, it } from 'vitest';
import {
  breachDeductions,
  breachTransfer,
  closingAwards,
  closingTransfer,
} from '../../shared/domain/points-rules.js';
import type { Handler, ServiceRequest } from '../../shared/domain/request.js';
import { config } from '../support/fixtures.js';

const handler = (personId: string, changes: Partial<Handler>): Handler => ({
  personId,
  name: personId,
  level: 'unit',
  assignedAt: '2026-11-23T02:00:00.000Z',
  ...changes,
});

const closed = (handlers: Handler[], rating?: number) =>
  ({ handlers, ...(rating ? { rating } : {}) }) as unknown as ServiceRequest;

describe('points for a closed request', () => {
  it('pays every leader who acknowledged in time, and the resolver for resolving, speed and rating', () => {
    const awards = closingAwards(
      closed(
        [
          handler('unit-leader', { acknowledgedWithinSla: true }),
          handler('building-leader', {
            acknowledgedWithinSla: true,
            resolvedAt: 'x',
            resolvedWithinSla: true,
          }),
        ],
        4,
      ),
      config.points,
      new Set(),
    );
    expect(awards).toEqual([
      { personId: 'unit-leader', name: 'unit-leader', points: 2, reasons: ['acknowledged-within-sla'] },
      {
        personId: 'building-leader',
        name: 'building-leader',
        points: 2 + 10 + 3 + 2,
        reasons: ['acknowledged-within-sla', 'resolved', 'resolved-within-sla', 'rated-4'],
      },
    ]);
  });

  it('pays nothing for a late acknowledgement, a late resolution or a low rating beyond the base', () => {
    const awards = closingAwards(
      closed(
        [handler('leader', { acknowledgedWithinSla: false, resolvedAt: 'x', resolvedWithinSla: false })],
        2,
      ),
      config.points,
      new Set(),
    );
    expect(awards).toEqual([{ personId: 'leader', name: 'leader', points: 10, reasons: ['resolved'] }]);
  });

  it('pays no one when no one earned anything', () => {
    expect(closingAwards(closed([handler('leader', {})]), config.points, new Set())).toEqual([]);
  });

  it('pays nothing to a leader the request serves, and the others as usual', () => {
    const awards = closingAwards(
      closed(
        [
          handler('own-household', { acknowledgedWithinSla: true }),
          handler('resolver', { acknowledgedWithinSla: true, resolvedAt: 'x', resolvedWithinSla: true }),
        ],
        5,
      ),
      config.points,
      new Set(['own-household', 'someone-else']),
    );
    expect(awards.map((award) => award.personId)).toEqual(['resolver']);
    const own = closingAwards(
      closed([handler('resolver', { resolvedAt: 'x', resolvedWithinSla: true })], 5),
      config.points,
      new Set(['resolver']),
    );
    expect(own).toEqual([]);
  });
});

describe('points taken back for a breached SLA', () => {
  const rules = { ...config.points, breachedSla: 2 };

  it('one deduction per leader who acknowledged late, resolved late or let a deadline pass', () => {
    const deductions = breachDeductions(
      closed([
        handler('timed-out', { missedDeadline: true }),
        handler('late-ack', { acknowledgedWithinSla: false, resolvedAt: 'x', resolvedWithinSla: false }),
        handler('on-time', { acknowledgedWithinSla: true, resolvedAt: 'x', resolvedWithinSla: true }),
      ]),
      rules,
    );
    expect(deductions.map((deduction) => [deduction.personId, deduction.points])).toEqual([
      ['timed-out', 2],
      ['late-ack', 2],
    ]);
  });

  it('none when the district sets no deduction', () => {
    expect(
      breachDeductions(closed([handler('timed-out', { missedDeadline: true })]), config.points),
    ).toHaveLength(config.points.breachedSla > 0 ? 1 : 0);
    expect(
      breachDeductions(closed([handler('timed-out', { missedDeadline: true })]), {
        ...rules,
        breachedSla: 0,
      }),
    ).toEqual([]);
  });
});

describe('the transfers that move the points', () => {
  const request = {
    id: 'R-1',
    updatedAt: '2026-11-23T02:00:00.000Z',
    ancestors: { street: 'st-1', community: 'cm-1' },
    rating: 5,
  } as unknown as ServiceRequest;
  const award = (personId: string, reasons: string[]) => ({ personId, name: personId, points: 7, reasons });

  it('pays a closing award from the issuing account, once per request and leader, the rating on the resolver’s', () => {
    expect(closingTransfer(request, award('resolver', ['resolved', 'rated-5']))).toEqual({
      id: 'close:R-1:resolver',
      from: 'district:issuing',
      to: 'leader:resolver',
      amount: 7,
      at: request.updatedAt,
      memo: { requestId: 'R-1', reasons: ['resolved', 'rated-5'], community: 'cm-1', rating: 5 },
    });
    expect(closingTransfer(request, award('acknowledger', ['acknowledged-within-sla'])).memo).toEqual({
      requestId: 'R-1',
      reasons: ['acknowledged-within-sla'],
      community: 'cm-1',
    });
    const unrated = { ...request, rating: undefined } as ServiceRequest;
    expect(closingTransfer(unrated, award('resolver', ['resolved'])).memo).not.toHaveProperty('rating');
  });

  it('takes a breach deduction back under one id per request and leader (the amount is the ledger’s to decide)', () => {
    expect(breachTransfer(request, award('late', ['breached-sla']))).toEqual({
      id: 'breach:R-1:late',
      at: request.updatedAt,
      memo: { requestId: 'R-1', reasons: ['breached-sla'], community: 'cm-1' },
    });
  });
});
