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
 * volume, set per destination country. The figure is SNS's published price per SMS to US numbers, as
 * tools that estimate SNS bills quote it (e.g. `smsRate = 0.00645` with
 * https://aws.amazon.com/sns/sms-pricing/ as its source); no price for +86 numbers could be read
 * from here. It is the price of a district whose leaders have non-Chinese numbers: SNS sends no SMS
 * from the China regions (docs.amazonaws.cn, "Amazon SNS": SMS messaging is not available in
 * Beijing and Ningxia), and sending to +86 from a global region needs a sender ID registered by a
 * company legally registered in mainland China, with a Chinese ID for its contact, and every
 * template registered (AWS End User Messaging SMS, "China sender ID registration"). A Chinese
 * district uses a Chinese provider (the Tencent price below; config `sms.provider: "tencent"`).
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

/** The services the bill prices; a region's `assumed` lists those whose price is not read from a source. */
export type PricedService =
  | 'apiGateway'
  | 'lambda'
  | 'stepFunctions'
  | 'dynamoDb'
  | 'sns'
  | 'sqs'
  | 'cloudWatch'
  | 'kms'
  | 'secretsManager'
  | 's3'
  | 'scheduler';

/** What AWS charges a district's stack for, per unit, in one region (on demand, no free tier). */
export interface AwsPrices extends PriceSource {
  region: string;
  currency: 'USD' | 'CNY';
  /** The SMS provider a district there uses. */
  sms: SmsPrice;
  /** HTTP API requests, per million (the first 300 million of a month). */
  apiGatewayPerMillion: number;
  lambda: { requestsPerMillion: number; gbSecond: { arm64: number; x86_64: number } };
  /** Standard workflows, per thousand state transitions. */
  stepFunctionsPerThousand: number;
  dynamoDb: { readPerMillion: number; writePerMillion: number; storageGbMonth: number };
  snsPublishesPerMillion: number;
  sqsRequestsPerMillion: number;
  cloudWatch: {
    logsIngestedGb: number;
    logsStoredGbMonth: number;
    customMetricMonth: number;
    alarmMonth: number;
    dashboardMonth: number;
  };
  kms: { keyMonth: number; per10kRequests: number };
  secretsManager: { secretMonth: number; per10kCalls: number };
  s3: { putPer1000: number; storageGbMonth: number };
  /** EventBridge Scheduler invocations, per million (rules on a schedule cost nothing). */
  schedulerPerMillion: number;
  assumed: readonly PricedService[];
}

/**
 * US East (N. Virginia), us-east-1, in USD: each service's pricing page (aws.amazon.com/<service>/pricing),
 * the first tier of each, as known on the date below; not re-read live from this machine (the
 * search tool holds the DynamoDB on-demand page, which agrees). A district outside China would
 * deploy to its nearest region: ap-east-1 (Hong Kong) charges more for Lambda (US$0.0000183 per
 * arm64 GB-second against 0.0000133) and similar elsewhere.
 */
export const GLOBAL_PRICES: AwsPrices = {
  region: 'us-east-1',
  currency: 'USD',
  sms: SNS_SMS,
  apiGatewayPerMillion: 1.0,
  lambda: { requestsPerMillion: 0.2, gbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 } },
  stepFunctionsPerThousand: 0.025,
  dynamoDb: {
    readPerMillion: DYNAMODB_ON_DEMAND.perMillion.read,
    writePerMillion: DYNAMODB_ON_DEMAND.perMillion.write,
    storageGbMonth: 0.25,
  },
  snsPublishesPerMillion: 0.5,
  sqsRequestsPerMillion: 0.4,
  cloudWatch: {
    logsIngestedGb: 0.5,
    logsStoredGbMonth: 0.03,
    customMetricMonth: 0.3,
    alarmMonth: 0.1,
    dashboardMonth: 3,
  },
  kms: { keyMonth: 1, per10kRequests: 0.03 },
  secretsManager: { secretMonth: 0.4, per10kCalls: 0.05 },
  s3: { putPer1000: 0.005, storageGbMonth: 0.023 },
  schedulerPerMillion: 1,
  assumed: [],
  source: 'https://aws.amazon.com/pricing/ (each service’s page, us-east-1, first tier)',
  checked: '2026-12-02',
};

/**
 * CNY per USD, to stand in for the China regions' prices that could not be read: the rate of late
 * 2026 rounded. Not a price: a district deploying to China must read amazonaws.cn's pages and
 * replace the assumed figures below with them.
 */
export const ASSUMED_CNY_PER_USD = 7.1;

const inCny = (usd: number) => Number((usd * ASSUMED_CNY_PER_USD).toPrecision(6));

/**
 * China (Ningxia), cn-northwest-1, operated by NWCD, priced and billed in CNY (docs.amazonaws.cn,
 * "Billing and Payment"). None of its service prices could be read from here (the pricing pages on
 * amazonaws.cn are not in the search tool's corpus): every figure but the SMS is the us-east-1 price
 * converted at ASSUMED_CNY_PER_USD, marked as assumed wherever it is printed. China region prices
 * are usually somewhat higher than us-east-1's, so the assumed bill is a floor. The SMS is Tencent
 * Cloud's (read; SNS sends no SMS there).
 */
export const CHINA_PRICES: AwsPrices = {
  region: 'cn-northwest-1',
  currency: 'CNY',
  sms: TENCENT_SMS,
  apiGatewayPerMillion: inCny(GLOBAL_PRICES.apiGatewayPerMillion),
  lambda: {
    requestsPerMillion: inCny(GLOBAL_PRICES.lambda.requestsPerMillion),
    gbSecond: {
      arm64: inCny(GLOBAL_PRICES.lambda.gbSecond.arm64),
      x86_64: inCny(GLOBAL_PRICES.lambda.gbSecond.x86_64),
    },
  },
  stepFunctionsPerThousand: inCny(GLOBAL_PRICES.stepFunctionsPerThousand),
  dynamoDb: {
    readPerMillion: inCny(GLOBAL_PRICES.dynamoDb.readPerMillion),
    writePerMillion: inCny(GLOBAL_PRICES.dynamoDb.writePerMillion),
    storageGbMonth: inCny(GLOBAL_PRICES.dynamoDb.storageGbMonth),
  },
  snsPublishesPerMillion: inCny(GLOBAL_PRICES.snsPublishesPerMillion),
  sqsRequestsPerMillion: inCny(GLOBAL_PRICES.sqsRequestsPerMillion),
  cloudWatch: {
    logsIngestedGb: inCny(GLOBAL_PRICES.cloudWatch.logsIngestedGb),
    logsStoredGbMonth: inCny(GLOBAL_PRICES.cloudWatch.logsStoredGbMonth),
    customMetricMonth: inCny(GLOBAL_PRICES.cloudWatch.customMetricMonth),
    alarmMonth: inCny(GLOBAL_PRICES.cloudWatch.alarmMonth),
    dashboardMonth: inCny(GLOBAL_PRICES.cloudWatch.dashboardMonth),
  },
  kms: {
    keyMonth: inCny(GLOBAL_PRICES.kms.keyMonth),
    per10kRequests: inCny(GLOBAL_PRICES.kms.per10kRequests),
  },
  secretsManager: {
    secretMonth: inCny(GLOBAL_PRICES.secretsManager.secretMonth),
    per10kCalls: inCny(GLOBAL_PRICES.secretsManager.per10kCalls),
  },
  s3: {
    putPer1000: inCny(GLOBAL_PRICES.s3.putPer1000),
    storageGbMonth: inCny(GLOBAL_PRICES.s3.storageGbMonth),
  },
  schedulerPerMillion: inCny(GLOBAL_PRICES.schedulerPerMillion),
  assumed: [
    'apiGateway',
    'lambda',
    'stepFunctions',
    'dynamoDb',
    'sns',
    'sqs',
    'cloudWatch',
    'kms',
    'secretsManager',
    's3',
    'scheduler',
  ],
  source:
    'not found: the us-east-1 prices converted at ASSUMED_CNY_PER_USD (read https://www.amazonaws.cn/en/pricing/ to replace them)',
  checked: '2026-12-02',
};

export const REGION_PRICES = { global: GLOBAL_PRICES, china: CHINA_PRICES } as const;
export type PricedRegion = keyof typeof REGION_PRICES;
