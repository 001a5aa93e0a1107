/**
 * The prices the benchmarks turn measured units into money with, each with where it was read and
 * when. They are assumptions, not measurements: check them against the source before quoting a
 * bill, and change them here (the only place the tools read prices from).
 */

export interface PriceSource {
  /** Where the price was read. */
  source: string;
  /** When it was read (YYYY-MM-DD). */
  checked: string;
}

/** DynamoDB on demand, us-east-1, standard table class: USD per million request units. */
export const DYNAMODB_ON_DEMAND = {
  currency: 'USD',
  perMillion: { read: 0.125, write: 0.625 },
  source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (us-east-1, standard table class)',
  checked: '2026-11-27',
} as const satisfies PriceSource & { currency: string; perMillion: { read: number; write: number } };

/** A per-segment price that falls with the month's volume: the price of the tier the month reaches. */
export interface SmsPrice extends PriceSource {
  provider: string;
  currency: 'USD' | 'CNY';
  /** Ascending by `fromSegments`; the first tier starts at 0. */
  tiers: readonly { fromSegments: number; perSegment: number }[];
  note: string;
}

/**
 * Amazon SNS (AWS End User Messaging SMS), global regions: one price per segment whatever the
 * volume, set per destination country. No price list for +86 numbers could be read from here; the
 * figure is SNS's published price per SMS to US numbers, as tools that estimate SNS bills quote it
 * (e.g. `smsRate = 0.00645` with https://aws.amazon.com/sns/sms-pricing/ as its source).
 */
export const SNS_SMS: SmsPrice = {
  provider: 'Amazon SNS',
  currency: 'USD',
  tiers: [{ fromSegments: 0, perSegment: 0.00645 }],
  source: 'https://aws.amazon.com/sns/sms-pricing/ (United States; as quoted, not read live)',
  checked: '2026-12-02',
  note: 'to US numbers; other countries cost more or less: look up the district’s country before quoting',
};

/**
 * Tencent Cloud SMS, Chinese mainland numbers: prepaid packages, the bigger the package the lower
 * the price per message (one message = one 70-character segment; a longer text is billed per
 * 67-character part). A district buying the month's volume pays the price of the package that
 * covers it.
 */
export const TENCENT_SMS: SmsPrice = {
  provider: 'Tencent Cloud SMS',
  currency: 'CNY',
  tiers: [
    { fromSegments: 0, perSegment: 0.045 },
    { fromSegments: 100_000, perSegment: 0.04 },
    { fromSegments: 500_000, perSegment: 0.038 },
    { fromSegments: 1_000_000, perSegment: 0.037 },
    { fromSegments: 3_000_000, perSegment: 0.036 },
  ],
  source:
    'Tencent Cloud SMS price overview, 国内文本短信 packages (github.com/tencentyun/qcloud-documents, product/移动与通信/短信/[购买指引]购买指南/价格总览_en.md)',
  checked: '2026-12-02',
  note: 'packages of 10 thousand to 3 million messages',
};

export const SMS_PRICES: readonly SmsPrice[] = [SNS_SMS, TENCENT_SMS];
