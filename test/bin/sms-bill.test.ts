import { describe, expect, it } from 'vitest';
import { SMS_PRICES, TENCENT_SMS, type SmsPrice } from '../../bin/prices.js';
import {
  DAYS_PER_MONTH,
  DOCUMENTED_RATES,
  LUYUAN,
  monthlySms,
  perSegment,
  smsBill,
} from '../../bin/sms-bill.js';

const district = { grids: 10, leaders: 300, residents: 36_500 };
const rates = { requestsPerResidentPerYear: 1, noticesPerGridPerWeek: 7, source: 'test' };

describe('monthlySms', () => {
  it('scales the segments measured per request and per notice recipient by the district and the rates', () => {
    const month = monthlySms(district, rates, { perRequest: 2, perNoticeRecipient: 1.5 });
    // 36,500 residents × 1 a year = 100 requests a day = 10 per grid.
    expect(month.requestsPerGridPerDay).toBeCloseTo(10);
    expect(month.requests).toBeCloseTo(100 * DAYS_PER_MONTH);
    expect(month.requestSegments).toBeCloseTo(200 * DAYS_PER_MONTH);
    // 10 grids × 1 notice a day, each to the grid's 30 leaders, 1.5 segments each.
    expect(month.notices).toBeCloseTo(10 * DAYS_PER_MONTH);
    expect(month.noticeSegments).toBeCloseTo(10 * 30 * 1.5 * DAYS_PER_MONTH);
    expect(month.segments).toBeCloseTo(month.requestSegments + month.noticeSegments);
  });

  it('sends nothing when nothing is measured', () => {
    expect(monthlySms(LUYUAN, DOCUMENTED_RATES, { perRequest: 0, perNoticeRecipient: 0 }).segments).toBe(0);
  });

  it('gives Lüyuan about three requests a grid a day at the documented rate (one a resident a year)', () => {
    const month = monthlySms(LUYUAN, DOCUMENTED_RATES, { perRequest: 1, perNoticeRecipient: 1 });
    expect(month.requestsPerGridPerDay).toBeGreaterThan(2.5);
    expect(month.requestsPerGridPerDay).toBeLessThan(3.5);
  });
});

describe('the price of a segment', () => {
  it("is the tier the month's volume reaches", () => {
    expect(perSegment(TENCENT_SMS, 0)).toBe(0.045);
    expect(perSegment(TENCENT_SMS, 99_999)).toBe(0.045);
    expect(perSegment(TENCENT_SMS, 100_000)).toBe(0.04);
    expect(perSegment(TENCENT_SMS, 2_000_000)).toBe(0.037);
    expect(smsBill(TENCENT_SMS, 200_000)).toBeCloseTo(8_000);
  });

  it('is one price whatever the volume when there is one tier', () => {
    const flat: SmsPrice = { ...TENCENT_SMS, tiers: [{ fromSegments: 0, perSegment: 0.01 }] };
    expect(smsBill(flat, 1_000_000)).toBeCloseTo(10_000);
  });

  it('says for every provider where and when it was read, with tiers from 0 that fall with volume', () => {
    for (const price of SMS_PRICES) {
      expect(price.source).not.toBe('');
      expect(price.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.tiers[0]?.fromSegments).toBe(0);
      for (const [index, tier] of price.tiers.entries()) {
        const before = price.tiers[index - 1];
        if (!before) continue;
        expect(tier.fromSegments).toBeGreaterThan(before.fromSegments);
        expect(tier.perSegment).toBeLessThan(before.perSegment);
      }
    }
  });
});
