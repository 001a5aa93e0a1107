import { describe, it, expect } from 'vitest';
import lvyuan from '../../config/districts/lvyuan.json' with { type: 'json' };
import type { ServiceCalendar } from '../../shared/config/district-config.js';
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import {
  addServiceMinutes,
  isServiceDay,
  isWithinServiceHours,
  serviceMinutesBetween,
} from '../../shared/domain/service-calendar.js';

const SHANGHAI = 'Asia/Shanghai';
/** Lvyuan: 08:00–20:00 every day of the week, closed 2026-10-01..03 and a few other holidays. */
const lvyuanCalendar = parseDistrictConfig(lvyuan, 'lvyuan.json').serviceCalendar;
const weekdaysOnly: ServiceCalendar = { ...lvyuanCalendar, workdays: [1, 2, 3, 4, 5] };

/** An instant given as Shanghai wall time, e.g. shanghai('2026-06-05 19:30'). */
function shanghai(wallTime: string): Date {
  return new Date(`${wallTime.replace(' ', 'T')}:00+08:00`);
}

describe('addServiceMinutes', () => {
  it('carries a Friday-evening request over to Saturday morning when the district works weekends', () => {
    // 30 minutes left on Friday (19:30–20:00), the other 90 from Saturday's 08:00 opening.
    expect(addServiceMinutes(shanghai('2026-06-05 19:30'), 120, lvyuanCalendar, SHANGHAI)).toEqual(
      shanghai('2026-06-06 09:30'),
    );
  });

  it('jumps the weekend on a Monday-to-Friday calendar', () => {
    expect(addServiceMinutes(shanghai('2026-06-05 19:30'), 120, weekdaysOnly, SHANGHAI)).toEqual(
      shanghai('2026-06-08 09:30'),
    );
  });

  it('counts within a single day when the time fits', () => {
    expect(addServiceMinutes(shanghai('2026-06-05 09:15'), 45, lvyuanCalendar, SHANGHAI)).toEqual(
      shanghai('2026-06-05 10:00'),
    );
  });

  it('runs out exactly at closing time rather than at the next opening', () => {
    expect(addServiceMinutes(shanghai('2026-06-05 08:00'), 720, lvyuanCalendar, SHANGHAI)).toEqual(
      shanghai('2026-06-05 20:00'),
    );
  });

  it('starts counting at opening time when submitted before opening', () => {
    expect(addServiceMinutes(shanghai('2026-06-05 06:10'), 30, lvyuanCalendar, SHANGHAI)).toEqual(
      shanghai('2026-06-05 08:30'),
    );
  });

  it('starts counting at the next opening when submitted after closing, even for zero minutes', () => {
    expect(addServiceMinutes(shanghai('2026-06-05 20:00'), 0, lvyuanCalendar, SHANGHAI)).toEqual(
      shanghai('2026-06-06 08:00'),
    );
    expect(addServiceMinutes(shanghai('2026-06-05 23:59'), 60, lvyuanCalendar, SHANGHAI)).toEqual(
      shanghai('2026-06-06 09:00'),
    );
  });

  it('stops the clock across the National Day holidays (2026-10-01..03)', () => {
    // 60 minutes on Wednesday 09-30, nothing on 10-01..03, the rest on Sunday 10-04.
    expect(addServiceMinutes(shanghai('2026-09-30 19:00'), 120, lvyuanCalendar, SHANGHAI)).toEqual(
      shanghai('2026-10-04 09:00'),
    );
  });

  it('runs on an extra workday that falls on a weekend', () => {
    const withMakeUpSaturday: ServiceCalendar = { ...weekdaysOnly, extraWorkdays: ['2026-10-10'] };
    // Friday 10-09 evening: without the make-up day it would wait for Monday 10-12.
    expect(addServiceMinutes(shanghai('2026-10-09 19:00'), 120, weekdaysOnly, SHANGHAI)).toEqual(
      shanghai('2026-10-12 09:00'),
    );
    expect(addServiceMinutes(shanghai('2026-10-09 19:00'), 120, withMakeUpSaturday, SHANGHAI)).toEqual(
      shanghai('2026-10-10 09:00'),
    );
  });

  it('spans many days efficiently', () => {
    // 10 full service days of 12 hours from Monday 08:00, Mon–Fri: two weeks later, Friday 20:00.
    expect(addServiceMinutes(shanghai('2026-06-01 08:00'), 10 * 720, weekdaysOnly, SHANGHAI)).toEqual(
      shanghai('2026-06-12 20:00'),
    );
    const started = performance.now();
    addServiceMinutes(shanghai('2026-06-01 08:00'), 365 * 720, lvyuanCalendar, SHANGHAI);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts service hours in local time across a DST change', () => {
    const newYorkCalendar: ServiceCalendar = { ...lvyuanCalendar, holidays: [] };
    // Saturday 2026-03-07 19:00 EST: one hour that evening, the second from Sunday's 08:00 EDT opening.
    expect(
      addServiceMinutes(
        new Date('2026-03-08T00:00:00Z'),
        120,
        newYorkCalendar,
        'America/New_York',
      ).toISOString(),
    ).toBe('2026-03-08T13:00:00.000Z');
  });

  it('throws a clear error when the calendar never opens', () => {
    const allYearHoliday: ServiceCalendar = {
      ...lvyuanCalendar,
      holidays: Array.from({ length: 400 }, (_, day) =>
        new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10),
      ),
    };
    expect(() => addServiceMinutes(shanghai('2026-01-01 09:00'), 60, allYearHoliday, SHANGHAI)).toThrow(
      /No service day found in the 366 days from 2026-01-01/,
    );
  });

  it('rejects negative minutes and an invalid start', () => {
    expect(() => addServiceMinutes(shanghai('2026-06-05 09:00'), -1, lvyuanCalendar, SHANGHAI)).toThrow(
      RangeError,
    );
    expect(() => addServiceMinutes(new Date(NaN), 10, lvyuanCalendar, SHANGHAI)).toThrow(RangeError);
  });
});

describe('serviceMinutesBetween', () => {
  const between = (from: string, to: string, calendar = lvyuanCalendar) =>
    serviceMinutesBetween(shanghai(from), shanghai(to), calendar, SHANGHAI);

  it('counts the service time inside one day, and none outside the hours', () => {
    expect(between('2026-06-05 10:00', '2026-06-05 11:30')).toBe(90);
    expect(between('2026-06-05 20:30', '2026-06-06 07:59')).toBe(0);
  });

  it('counts across nights, weekends and holidays only the hours the clock runs', () => {
    expect(between('2026-06-05 19:30', '2026-06-06 09:30')).toBe(120);
    // Friday 19:00 to Monday 09:00 on a weekdays-only calendar: Friday's last hour and Monday's first.
    expect(between('2026-06-05 19:00', '2026-06-08 09:00', weekdaysOnly)).toBe(120);
    // 30 September 19:00 to 4 October 09:00 across the National Day holidays.
    expect(between('2026-09-30 19:00', '2026-10-04 09:00')).toBe(120);
  });

  it('is what addServiceMinutes added, and 0 when the end is not after the start', () => {
    const start = shanghai('2026-06-05 15:45');
    for (const minutes of [1, 90, 255, 1440, 3000]) {
      const end = addServiceMinutes(start, minutes, weekdaysOnly, SHANGHAI);
      expect(serviceMinutesBetween(start, end, weekdaysOnly, SHANGHAI)).toBe(minutes);
    }
    expect(between('2026-06-05 11:00', '2026-06-05 10:00')).toBe(0);
  });
});

describe('isWithinServiceHours', () => {
  it('includes opening time and excludes closing time', () => {
    expect(isWithinServiceHours(shanghai('2026-06-05 07:59'), lvyuanCalendar, SHANGHAI)).toBe(false);
    expect(isWithinServiceHours(shanghai('2026-06-05 08:00'), lvyuanCalendar, SHANGHAI)).toBe(true);
    expect(isWithinServiceHours(shanghai('2026-06-05 19:59'), lvyuanCalendar, SHANGHAI)).toBe(true);
    expect(isWithinServiceHours(shanghai('2026-06-05 20:00'), lvyuanCalendar, SHANGHAI)).toBe(false);
  });

  it('is closed all day on holidays and non-workdays', () => {
    expect(isWithinServiceHours(shanghai('2026-10-02 10:00'), lvyuanCalendar, SHANGHAI)).toBe(false);
    expect(isWithinServiceHours(shanghai('2026-06-06 10:00'), weekdaysOnly, SHANGHAI)).toBe(false);
  });

  it('judges hours in the given zone', () => {
    // 02:00Z is 10:00 in Shanghai but 04:00 in Berlin.
    const instant = new Date('2026-06-05T02:00:00Z');
    expect(isWithinServiceHours(instant, lvyuanCalendar, SHANGHAI)).toBe(true);
    expect(isWithinServiceHours(instant, lvyuanCalendar, 'Europe/Berlin')).toBe(false);
  });
});

describe('isServiceDay', () => {
  it('lets an extra workday override both the weekday list and the holiday list', () => {
    expect(isServiceDay('2026-06-06', weekdaysOnly)).toBe(false);
    expect(isServiceDay('2026-10-01', lvyuanCalendar)).toBe(false);
    expect(isServiceDay('2026-10-01', { ...lvyuanCalendar, extraWorkdays: ['2026-10-01'] })).toBe(true);
  });
});
