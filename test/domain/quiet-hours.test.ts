import { describe, expect, it } from 'vitest';
import lvyuan from '../../config/districts/lvyuan.json' with { type: 'json' };
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import { isQuietHour, mayGoAt, quietUntil } from '../../shared/domain/quiet-hours.js';

const config = parseDistrictConfig(lvyuan, 'lvyuan.json');
const quietHours = config.sms.quietHours; // 21:00–07:30, wrapping midnight
const ZONE = 'Asia/Shanghai';

function shanghai(wallTime: string): Date {
  return new Date(`${wallTime.replace(' ', 'T')}:00+08:00`);
}

describe('isQuietHour', () => {
  it('is the demo district’s 21:00–07:30', () => {
    expect(quietHours).toEqual({ start: '21:00', end: '07:30' });
  });

  it.each([
    ['2026-06-05 20:59', false],
    ['2026-06-05 21:00', true],
    ['2026-06-05 23:59', true],
    ['2026-06-06 00:00', true],
    ['2026-06-06 07:29', true],
    ['2026-06-06 07:30', false],
    ['2026-06-06 12:00', false],
  ])('at %s Shanghai time is quiet: %s', (wallTime, quiet) => {
    expect(isQuietHour(shanghai(wallTime), quietHours, ZONE)).toBe(quiet);
  });

  it('handles a window within one day', () => {
    const siesta = { start: '12:00', end: '14:00' };
    expect(isQuietHour(shanghai('2026-06-05 11:59'), siesta, ZONE)).toBe(false);
    expect(isQuietHour(shanghai('2026-06-05 12:00'), siesta, ZONE)).toBe(true);
    expect(isQuietHour(shanghai('2026-06-05 14:00'), siesta, ZONE)).toBe(false);
  });

  it('has no quiet hours when start equals end', () => {
    expect(isQuietHour(shanghai('2026-06-05 03:00'), { start: '00:00', end: '00:00' }, ZONE)).toBe(false);
  });

  it('reads the clock in the given zone', () => {
    const instant = shanghai('2026-06-05 22:00'); // 16:00 in Berlin
    expect(isQuietHour(instant, quietHours, ZONE)).toBe(true);
    expect(isQuietHour(instant, quietHours, 'Europe/Berlin')).toBe(false);
  });
});

describe('quietUntil', () => {
  it.each([
    ['2026-06-05 20:59', undefined],
    ['2026-06-05 21:00', '2026-06-06 07:30'],
    ['2026-06-05 23:59', '2026-06-06 07:30'],
    ['2026-06-06 00:00', '2026-06-06 07:30'],
    ['2026-06-06 07:29', '2026-06-06 07:30'],
    ['2026-06-06 07:30', undefined],
  ])('at %s Shanghai time the window ends at %s', (wallTime, end) => {
    expect(quietUntil(shanghai(wallTime), quietHours, ZONE)).toEqual(end ? shanghai(end) : undefined);
  });

  it('ends across a month and a year', () => {
    expect(quietUntil(shanghai('2026-12-31 22:15'), quietHours, ZONE)).toEqual(shanghai('2027-01-01 07:30'));
  });

  it('ends the same day for a window within one day', () => {
    const siesta = { start: '12:00', end: '14:00' };
    expect(quietUntil(shanghai('2026-06-05 13:10'), siesta, ZONE)).toEqual(shanghai('2026-06-05 14:00'));
  });

  it('ends at the local end in another DST-free zone (UTC+9, no DST)', () => {
    const tokyo = quietUntil(new Date('2026-06-05T23:00:00+09:00'), quietHours, 'Asia/Tokyo');
    expect(tokyo).toEqual(new Date('2026-06-06T07:30:00+09:00'));
  });
});

describe('mayGoAt', () => {
  const night = shanghai('2026-06-05 23:00');

  it('holds a message that is not urgent until the window ends', () => {
    expect(mayGoAt({ urgent: false }, night, quietHours, ZONE)).toEqual(shanghai('2026-06-06 07:30'));
  });

  it('sends an urgent message at once', () => {
    expect(mayGoAt({ urgent: true }, night, quietHours, ZONE)).toEqual(night);
  });

  it('sends any message at once by day', () => {
    const day = shanghai('2026-06-05 10:00');
    expect(mayGoAt({ urgent: false }, day, quietHours, ZONE)).toEqual(day);
  });
});
