import type { SmsPrice } from './prices.js';

/**
 * The month's SMS bill of a district, scaled from what the busy grid's day measured (segments per
 * request, per notice and leader) by the district's size and a documented rate of requests and
 * notices. Nothing here is a result typed in: the inputs are the measurement, the size, the rates
 * and the prices (bin/prices.ts).
 */

export interface DistrictSize {
  grids: number;
  leaders: number;
  residents: number;
}

/**
 * Lüyuan (绿园区, Changchun): 593 grids and more than 20,000 leaders (the seed article, 中国经济导报
 * 2020-04-27). The article gives no population; the residents are those of the project's
 * Lüyuan-size district (`npm run bench:district -- --scale 1`: 300,000 households, 635,276
 * residents; docs/benchmarks.md).
 */
export const LUYUAN: DistrictSize = { grids: 593, leaders: 20_000, residents: 635_276 };

export interface SmsRates {
  /** Requests (诉求) a resident raises in a year. */
  requestsPerResidentPerYear: number;
  /** Notices (通知公告) posted to a grid in a week, each to every leader of the grid. */
  noticesPerGridPerWeek: number;
  /** Where the rates come from, printed with the bill. */
  source: string;
}

/**
 * About one request per resident a year: Beijing's 12345 hotline, the busiest channel of its kind
 * in China, took 21.43 million requests (诉求) in 2023 for 21.9 million residents. Taking all of them
 * as requests to the grid leaders makes the bill an upper bound. Two notices a grid a week is an
 * assumption (the seed's 5,000 WeChat groups carry them today, at no stated rate); the bill shows
 * the notices' part on its own, so another rate is a multiplication.
 */
export const DOCUMENTED_RATES: SmsRates = {
  requestsPerResidentPerYear: 21.43 / 21.9,
  noticesPerGridPerWeek: 2,
  source:
    'requests: Beijing 12345, 21.43 million in 2023 (CCTV, 2024) for 21.9 million residents (Beijing statistics bureau); notices: assumed',
};

/** What one run measured: SMS segments per request, and per notice and leader it reached. */
export interface MeasuredSegments {
  perRequest: number;
  perNoticeRecipient: number;
}

export interface MonthlySms {
  requestsPerGridPerDay: number;
  requests: number;
  notices: number;
  requestSegments: number;
  noticeSegments: number;
  segments: number;
}

/** A billing month, in days. */
export const DAYS_PER_MONTH = 30;

/** The SMS segments a district sends in a month at the rates, from the segments measured per request and notice. */
export function monthlySms(district: DistrictSize, rates: SmsRates, measured: MeasuredSegments): MonthlySms {
  const requests = (district.residents * rates.requestsPerResidentPerYear * DAYS_PER_MONTH) / 365;
  const notices = (district.grids * rates.noticesPerGridPerWeek * DAYS_PER_MONTH) / 7;
  const leadersPerGrid = district.leaders / district.grids;
  const requestSegments = requests * measured.perRequest;
  const noticeSegments = notices * leadersPerGrid * measured.perNoticeRecipient;
  return {
    requestsPerGridPerDay: requests / DAYS_PER_MONTH / district.grids,
    requests,
    notices,
    requestSegments,
    noticeSegments,
    segments: requestSegments + noticeSegments,
  };
}

/** The price of one segment in a month of `segments`: the tier the month reaches. */
export function perSegment(price: SmsPrice, segments: number): number {
  const tier = price.tiers.findLast((candidate) => candidate.fromSegments <= segments) ?? price.tiers[0];
  if (!tier) throw new Error(`${price.provider} has no price`);
  return tier.perSegment;
}

/** What a month of `segments` costs at the price, in its currency. */
export function smsBill(price: SmsPrice, segments: number): number {
  return segments * perSegment(price, segments);
}
