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
  | 'cloudWatchLogs'
  | 'cloudWatchMetrics'
  | 'cloudWatchDashboards'
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
 * CNY per USD, to stand in for the China prices that could not be read: the rate of late 2026
 * rounded. Not a price: a district deploying to China must read amazonaws.cn's pages and replace
 * the figures CHINA_PRICES marks as assumed.
 */
export const ASSUMED_CNY_PER_USD = 7.1;

const inCny = (usd: number) => Number((usd * ASSUMED_CNY_PER_USD).toPrecision(6));

/** Where CHINA_PRICES' read figures come from (each a Ningxia price in CNY, read 2026-12-02). */
const CHINA_SOURCES = {
  /** The stored copy of the official page (its banner recalls re:Invent 2024). */
  cloudWatchPage: 'https://amazonaws.cn/cloudwatch/pricing',
  /**
   * An AWS solution's cost guide, "China Ningxia Region Cost", as of June 2023: the unit price of
   * each line (github.com/awslabs/sensitive-data-protection-on-aws, docs/en/plan-deployment/cost.md
   * at bd444a017f85; later revisions keep the totals only).
   */
  solutionGuide: 'awslabs/sensitive-data-protection-on-aws docs/en/plan-deployment/cost.md (June 2023)',
  /** Another AWS solution's cost example in cn-northwest-1, as of May 2022 (at 3b4dbf772cdb). */
  aiSolutionKit: 'awslabs/aws-ai-solution-kit docs/zh/include-deploy-cost.md (May 2022)',
  /**
   * Remotion's Lambda price table (at 024b341a3f77): its China rows are in CNY, the partition's
   * billing currency in its region metadata, and agree with the guides' CNY 1.36 per million requests.
   */
  remotion: 'remotion-dev/remotion packages/lambda-client/src/price-per-1s.ts',
} as const;

/**
 * China (Ningxia), cn-northwest-1, operated by NWCD, priced and billed in CNY (docs.amazonaws.cn,
 * "Billing and Payment"). Most of amazonaws.cn's pricing pages are not in the search tool's corpus
 * (CloudWatch's is; DynamoDB's stored copy stops before the on-demand prices), so the figures come
 * from the sources in CHINA_SOURCES, named beside each. Read: Lambda, Step Functions, SQS, S3 and
 * CloudWatch Logs, metrics and alarms. Not read, so the us-east-1 price converted at
 * ASSUMED_CNY_PER_USD and marked as assumed wherever it is printed: API Gateway's HTTP API (the
 * solution guides price REST APIs), DynamoDB on demand, SNS, KMS, Secrets Manager, CloudWatch
 * dashboards and EventBridge Scheduler. The read prices are each source's date (2022–2024), not
 * re-read live; the SMS is Tencent Cloud's (read; SNS sends no SMS there).
 */
export const CHINA_PRICES: AwsPrices = {
  region: 'cn-northwest-1',
  currency: 'CNY',
  sms: TENCENT_SMS,
  apiGatewayPerMillion: inCny(GLOBAL_PRICES.apiGatewayPerMillion),
  lambda: {
    // solutionGuide (and aiSolutionKit, remotion): CNY 1.36 per million requests.
    requestsPerMillion: 1.36,
    gbSecond: {
      // remotion: 'Lambda Duration-ARM' 0.000090800 for cn-northwest-1.
      arm64: 0.0000908,
      // solutionGuide: "AWS Lambda - Total Compute - China (Ningxia)" at CNY 0.0000001135 a
      // millisecond (of a GB: its 100,000 GB-s cost CNY 11.35), so CNY 0.0001135 a GB-second.
      x86_64: 0.0001135,
    },
  },
  // solutionGuide: CNY 0.0002102 per state transition, so CNY 0.2102 per thousand.
  stepFunctionsPerThousand: 0.2102,
  dynamoDb: {
    readPerMillion: inCny(GLOBAL_PRICES.dynamoDb.readPerMillion),
    writePerMillion: inCny(GLOBAL_PRICES.dynamoDb.writePerMillion),
    storageGbMonth: inCny(GLOBAL_PRICES.dynamoDb.storageGbMonth),
  },
  snsPublishesPerMillion: inCny(GLOBAL_PRICES.snsPublishesPerMillion),
  // solutionGuide: CNY 3.33 per million requests.
  sqsRequestsPerMillion: 3.33,
  cloudWatch: {
    // aiSolutionKit: CloudWatch Logs at CNY 6.228 a GB (the line us-east-2 prices at US$0.50, ingestion).
    logsIngestedGb: 6.228,
    // solutionGuide: CNY 0.244 per GB archived per month.
    logsStoredGbMonth: 0.244,
    // cloudWatchPage: the first 10,000 metrics, CNY 2.0000 each a month.
    customMetricMonth: 2,
    // cloudWatchPage: CNY 0.622 a standard-resolution (60 s) alarm metric a month.
    alarmMonth: 0.622,
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
    // solutionGuide: CNY 0.00405 per 1,000 PUT, COPY, POST, LIST requests.
    putPer1000: 0.00405,
    // solutionGuide: CNY 0.1755 per GB a month of storage (beyond the free tier's 5 GB).
    storageGbMonth: 0.1755,
  },
  schedulerPerMillion: inCny(GLOBAL_PRICES.schedulerPerMillion),
  assumed: ['apiGateway', 'dynamoDb', 'sns', 'cloudWatchDashboards', 'kms', 'secretsManager', 'scheduler'],
  source:
    `read: ${Object.values(CHINA_SOURCES).join('; ')}; ` +
    'the rest (assumed) us-east-1 converted at ASSUMED_CNY_PER_USD (read https://www.amazonaws.cn/en/pricing/ to replace them)',
  checked: '2026-12-02',
};

export const REGION_PRICES = { global: GLOBAL_PRICES, china: CHINA_PRICES } as const;
export type PricedRegion = keyof typeof REGION_PRICES;
