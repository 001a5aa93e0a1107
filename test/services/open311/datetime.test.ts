import { describe, expect, it } from 'vitest';
import { parseW3cDateTime, w3cDateTime } from '../../../shared/services/open311/datetime.js';

describe('W3C date-times', () => {
  it.each([
    ['2010-01-01T00:00:00Z', '2010-01-01T00:00:00.000Z'],
    ['2010-01-01T08:00:00+08:00', '2010-01-01T00:00:00.000Z'],
    ['2010-01-01T08:00+08:00', '2010-01-01T00:00:00.000Z'],
    ['2010-01-01T08:00:00 08:00', '2010-01-01T00:00:00.000Z'],
    ['1994-11-05T08:15:30-05:00', '1994-11-05T13:15:30.000Z'],
    ['2010-01-01T00:00:00.5Z', '2010-01-01T00:00:00.500Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (given, instant) => {
    expect(parseW3cDateTime(given)?.toISOString()).toBe(instant);
  });

  it.each([
    '2010-01-01',
    '2010-01-01T00:00:00',
    '2010-01-01 00:00:00Z',
    '2010-13-01T00:00:00Z',
    '2010-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2010-01-01T24:00:00Z',
    '2010-01-01T00:60:00Z',
    '2010-01-01T00:00:00+25:00',
    'yesterday',
    '1262304000',
  ])('%s is not one (no zone, no real day, or not the format)', (given) => {
    expect(parseW3cDateTime(given)).toBeUndefined();
  });

  it('leaves as UTC to the second, as the spec’s examples', () => {
    expect(w3cDateTime('2026-11-23T02:00:00.123Z')).toBe('2026-11-23T02:00:00Z');
  });
});
