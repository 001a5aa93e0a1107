import { describe, expect, it } from 'vitest';
import { countdown, ServerClock } from '../../../web/src/common/time';

describe('the server clock', () => {
  it('follows the last Date header and advances at the time scale, not the phone clock', () => {
    let real = Date.parse('2026-12-02T00:00:00Z');
    const clock = new ServerClock(60, () => real);
    clock.observe('Wed, 02 Dec 2026 08:00:00 GMT');
    real += 10_000;
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-02T08:10:00.000Z');
  });

  it('ignores a missing or malformed Date header', () => {
    const clock = new ServerClock(1, () => 1_000);
    clock.observe(null);
    clock.observe('yesterday');
    expect(clock.now()).toBe(1_000);
  });
});

describe('an SLA countdown', () => {
  const deadline = '2026-12-02T10:00:00Z';
  it('counts down in hours and minutes before the deadline', () => {
    expect(countdown(deadline, Date.parse('2026-12-02T08:55:00Z'))).toMatchObject({
      overdue: false,
      text: '剩余 1小时05分',
    });
  });
  it('says how long overdue after it', () => {
    expect(countdown(deadline, Date.parse('2026-12-02T10:12:30Z'))).toMatchObject({
      overdue: true,
      text: '已超时 12分',
    });
  });
  it('speaks in days for long windows', () => {
    expect(countdown(deadline, Date.parse('2026-11-30T07:00:00Z')).text).toBe('剩余 2天3小时');
  });
});
