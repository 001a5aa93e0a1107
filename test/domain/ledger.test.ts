import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTransfer,
  deductible,
  emptyLedger,
  ISSUING_ACCOUNT,
  leaderAccount,
  ledgerViolations,
  rewardsAccount,
} from '../../shared/domain/ledger.js';

const accounts = [ISSUING_ACCOUNT, leaderAccount('a'), leaderAccount('b'), rewardsAccount('district')];

describe('the ledger model', () => {
  it('keeps every invariant under any sequence of transfers, duplicates included', () => {
    const transfer = fc.record({
      key: fc.integer({ min: 0, max: 8 }),
      from: fc.constantFrom(...accounts),
      to: fc.constantFrom(...accounts),
      amount: fc.integer({ min: 1, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(transfer, { maxLength: 40 }), (moves) => {
        const ledger = emptyLedger();
        const moved = new Map<string, number>();
        for (const move of moves) {
          if (move.from === move.to) continue;
          const id = `t${move.key}`;
          const outcome = applyTransfer(ledger, {
            id,
            ...move,
            at: '2026-11-27T00:00:00Z',
            memo: { reasons: [] },
          });
          if (outcome === 'moved') moved.set(id, (moved.get(id) ?? 0) + 1);
        }
        expect(ledgerViolations(ledger)).toEqual([]);
        expect([...moved.values()].every((count) => count === 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('names what is wrong with a broken ledger', () => {
    const balances = new Map([
      [leaderAccount('a'), -5],
      [ISSUING_ACCOUNT, 3],
    ]);
    expect(ledgerViolations({ balances, entries: [] })).toEqual([
      'the balances sum to -2, not 0',
      'leader:a: balance -5 but its entries sum to 0',
      'leader:a: balance -5 < 0',
      'district:issuing: balance 3 but its entries sum to 0',
    ]);
  });

  it('a deduction takes what there is, never more', () => {
    expect(deductible(10, 3)).toBe(3);
    expect(deductible(2, 3)).toBe(2);
    expect(deductible(0, 3)).toBe(0);
  });
});
