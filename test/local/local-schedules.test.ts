import { describe, expect, it } from 'vitest';
import { nextFiring } from '../../local/local-schedules.js';
import { shanghai } from '../support/fixtures.js';

describe('nextFiring (EventBridge Scheduler in the local run)', () => {
  const endOfQuietHours = { expression: 'cron(30 7 * * ? *)', timeZone: 'Asia/Shanghai' };
  const start = shanghai('2026-12-02 20:00');

  it('fires a daily cron at its time of day in the zone: later today, or tomorrow', () => {
    expect(nextFiring(endOfQuietHours, shanghai('2026-12-02 22:00'), start)).toEqual(
      shanghai('2026-12-03 07:30'),
    );
    expect(nextFiring(endOfQuietHours, shanghai('2026-12-03 07:29'), start)).toEqual(
      shanghai('2026-12-03 07:30'),
    );
    expect(nextFiring(endOfQuietHours, shanghai('2026-12-03 07:30'), start)).toEqual(
      shanghai('2026-12-04 07:30'),
    );
  });

  it('fires a rate every interval from the start', () => {
    const sweep = { expression: 'rate(5 minutes)', timeZone: 'Asia/Shanghai' };
    expect(nextFiring(sweep, start, start)).toEqual(shanghai('2026-12-02 20:05'));
    expect(nextFiring(sweep, shanghai('2026-12-02 20:07'), start)).toEqual(shanghai('2026-12-02 20:10'));
  });

  it('refuses an expression it cannot play', () => {
    expect(() => nextFiring({ expression: 'cron(0 2 1 * ? *)', timeZone: 'UTC' }, start, start)).toThrow(
      /cannot play/,
    );
  });
});
