import { describe, it, expect } from 'vitest';
import {
  addDays,
  clockMinutes,
  isoWeekday,
  parseClockTime,
  zonedParts,
  zonedTimeToInstant,
} from '../../shared/domain/time-zone.js';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('zonedParts', () => {
  it('reads the wall clock in Shanghai (UTC+8, no DST)', () => {
    expect(zonedParts(new Date('2026-06-05T11:30:15Z'), SHANGHAI)).toEqual({
      year: 2026,
      month: 6,
      day: 5,
      hour: 19,
      minute: 30,
      second: 15,
      weekday: 5,
      isoDate: '2026-06-05',
    });
  });

  it('rolls over to the next local date before UTC does', () => {
    const parts = zonedParts(new Date('2026-06-06T16:30:00Z'), SHANGHAI);
    expect(parts.isoDate).toBe('2026-06-07');
    expect(parts.hour).toBe(0);
    expect(parts.weekday).toBe(7); // Sunday is 7, not 0
  });

  it('reports midnight as hour 0, never 24', () => {
    expect(zonedParts(new Date('2026-06-07T16:00:00Z'), SHANGHAI)).toMatchObject({ hour: 0, weekday: 1 });
  });

  it('follows daylight saving time in New York', () => {
    expect(zonedParts(new Date('2026-01-15T17:00:00Z'), NEW_YORK)).toMatchObject({ hour: 12 }); // EST, UTC-5
    expect(zonedParts(new Date('2026-07-15T16:00:00Z'), NEW_YORK)).toMatchObject({ hour: 12 }); // EDT, UTC-4
  });

  it('rejects an unknown zone and an invalid date', () => {
    expect(() => zonedParts(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => zonedParts(new Date(NaN), SHANGHAI)).toThrow(RangeError);
  });
});

describe('zonedTimeToInstant', () => {
  it('converts Shanghai wall time to UTC', () => {
    const instant = zonedTimeToInstant({ year: 2026, month: 6, day: 5, hour: 19, minute: 30 }, SHANGHAI);
    expect(instant.toISOString()).toBe('2026-06-05T11:30:00.000Z');
  });

  it('uses the offset in force on that date in a DST zone', () => {
    expect(
      zonedTimeToInstant({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, NEW_YORK).toISOString(),
    ).toBe('2026-01-15T14:00:00.000Z');
    expect(
      zonedTimeToInstant({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, NEW_YORK).toISOString(),
    ).toBe('2026-07-15T13:00:00.000Z');
  });

  it('shifts a wall time skipped by spring-forward ahead by the gap', () => {
    // New York, 2026-03-08: clocks jump 02:00 EST → 03:00 EDT, so 02:30 never happens; it becomes 03:30 EDT.
    expect(
      zonedTimeToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NEW_YORK).toISOString(),
    ).toBe('2026-03-08T07:30:00.000Z');
    // Berlin, 2026-03-29: 02:00 CET → 03:00 CEST.
    expect(
      zonedTimeToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, BERLIN).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
  });

  it('picks the earlier instant for a wall time repeated by fall-back', () => {
    // New York, 2026-11-01: 01:30 happens in EDT (05:30Z) and again in EST (06:30Z).
    expect(
      zonedTimeToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NEW_YORK).toISOString(),
    ).toBe('2026-11-01T05:30:00.000Z');
    // Berlin, 2026-10-25: 02:30 happens in CEST (00:30Z) and again in CET (01:30Z).
    expect(
      zonedTimeToInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, BERLIN).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z');
  });

  it('round-trips every hour of a year in New York', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let ms = start; ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
      const parts = zonedParts(new Date(ms), NEW_YORK);
      const back = zonedTimeToInstant(parts, NEW_YORK);
      // Same wall clock either way; the repeated hour maps to its first occurrence.
      expect(zonedParts(back, NEW_YORK)).toEqual(parts);
      expect(back.getTime()).toBeLessThanOrEqual(ms);
    }
  });
});

describe('calendar-date helpers', () => {
  it('adds days across month and year ends, ignoring zones', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('gives ISO weekdays, Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-06-01')).toBe(1);
    expect(isoWeekday('2026-06-05')).toBe(5);
    expect(isoWeekday('2026-06-07')).toBe(7);
  });

  it('parses HH:MM clock times and rejects anything else', () => {
    expect(parseClockTime('07:30')).toEqual({ hour: 7, minute: 30 });
    expect(clockMinutes('21:00')).toBe(1260);
    expect(() => parseClockTime('24:00')).toThrow(/HH:MM/);
    expect(() => parseClockTime('7:30')).toThrow(/HH:MM/);
  });
});
