import { describe, expect, it } from 'vitest';
import {
  assertNotOwnCredit,
  assertNotOwnFulfilment,
  assertNotOwnHousehold,
  assertNotOwnPricing,
  awardAllowance,
  capReached,
  servedBy,
} from '../../shared/domain/separation-of-duties.js';
import { ConflictError, ForbiddenError } from '../../shared/errors.js';

const fieldsOf = (run: () => void) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return (error as ForbiddenError).errors.map((problem) => problem.field);
  }
  throw new Error('not refused');
};

describe('nobody moves points to themselves', () => {
  it('refuses an award or volunteer hours for oneself, naming personId; anyone else’s passes', () => {
    expect(fieldsOf(() => assertNotOwnCredit('p-1', 'p-1', 'award'))).toEqual(['personId']);
    expect(fieldsOf(() => assertNotOwnCredit('p-1', 'p-1', 'volunteer hours'))).toEqual(['personId']);
    expect(() => assertNotOwnCredit('p-1', 'p-2', 'award')).not.toThrow();
  });

  it('refuses to redeem a reward one priced or stocked, and to fulfil one’s own redemption', () => {
    expect(fieldsOf(() => assertNotOwnPricing({ id: 'rw-1', setBy: 'p-1' }, 'p-1'))).toEqual(['id']);
    expect(() => assertNotOwnPricing({ id: 'rw-1', setBy: 'p-2' }, 'p-1')).not.toThrow();
    expect(() => assertNotOwnPricing({ id: 'rw-1' }, 'p-1')).not.toThrow();
    expect(fieldsOf(() => assertNotOwnFulfilment({ id: 'RD1', personId: 'p-1' }, 'p-1'))).toEqual(['id']);
    expect(() => assertNotOwnFulfilment({ id: 'RD1', personId: 'p-2' }, 'p-1')).not.toThrow();
  });

  it('a request serves who raised it and its household’s residents; their own work is not theirs to sign off', () => {
    const served = servedBy({ submittedBy: { kind: 'leader', id: 'ld-1' } }, [
      { personId: 'rs-1' },
      { personId: 'rs-2' },
    ]);
    expect([...served].sort()).toEqual(['ld-1', 'rs-1', 'rs-2']);
    expect(() => assertNotOwnHousehold(served, 'rs-2', 'SR1')).toThrow(ForbiddenError);
    expect(() => assertNotOwnHousehold(served, 'sv-9', 'SR1')).not.toThrow();
  });
});

describe('the monthly award allowance', () => {
  it('is the cap less what was given, never below zero', () => {
    expect(awardAllowance('2026-11', 300, 120)).toEqual({
      month: '2026-11',
      cap: 300,
      used: 120,
      remaining: 180,
    });
    expect(awardAllowance('2026-11', 300, 310).remaining).toBe(0);
  });

  it('refuses past the cap with a 409 that says the cap, used and remaining', () => {
    const error = capReached(awardAllowance('2026-11', 300, 280), 50);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.detail).toMatch(/capped at 300 .* 280 given in 2026-11, 20 remaining, 50 asked/);
    expect(error.errors).toEqual([
      { field: 'points', message: 'over the monthly cap: cap 300, used 280, remaining 20' },
    ]);
  });
});
