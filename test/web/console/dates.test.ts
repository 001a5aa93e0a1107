import { describe, expect, it } from 'vitest';
import { addDays, districtDay, previousMonth } from '../../../web/src/console/dates';

describe('days and months in the district', () => {
  it('counts the day in Shanghai, not in UTC', () => {
    expect(districtDay(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(districtDay(Date.parse('2026-11-30T15:30:00Z'))).toBe('2026-11-30');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('takes the month before, into the year before in January', () => {
    expect(previousMonth(Date.parse('2026-12-02T06:30:00Z'))).toBe('2026-11');
    expect(previousMonth(Date.parse('2026-12-31T16:30:00Z'))).toBe('2026-12');
    expect(previousMonth(Date.parse('2027-01-15T00:00:00Z'))).toBe('2026-12');
  });
});
