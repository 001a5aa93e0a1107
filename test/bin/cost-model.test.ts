import { describe, expect, it } from 'vitest';
import { UsageMeter } from '../../local/usage-meter.js';
import {
  bill,
  compareWithPolling,
  meanOpenMs,
  mixWork,
  monthlyUsage,
  NO_WORK,
  noticeWork,
  requestWork,
  runsPerMonth,
  scaleWork,
  type ScenarioWork,
  type StackFacts,
  type Work,
} from '../../bin/cost-model.js';
import { customMetricCount } from '../../bin/cost-measure.js';
import { METRIC_BREAKDOWNS } from '../../shared/config/metrics.js';
import { CHINA_PRICES, GLOBAL_PRICES } from '../../bin/prices.js';

/** A unit of work as a metered run would give it: `functions` invocations of `ms` each, and one API request. */
async function work(args: {
  transitions?: number;
  read?: number;
  write?: number;
  sms?: number;
  functions?: Record<string, number>;
  route?: string;
  ms?: number;
}): Promise<Work> {
  const meter = new UsageMeter();
  for (const [logicalId, count] of Object.entries(args.functions ?? {}))
    for (let index = 0; index < count; index++) await meter.invoke(logicalId, async () => undefined);
  if (args.route) await meter.request(args.route, async () => undefined);
  meter.count('topicPublishes');
  const usage = meter.take();
  // Durations are fixed here so the arithmetic is exact (the meter's own are wall time).
  for (const timings of [usage.functions, usage.routes])
    for (const timing of timings.values()) timing.milliseconds = timing.count * (args.ms ?? 10);
  return {
    ...NO_WORK,
    transitions: args.transitions ?? 0,
    capacity: { read: args.read ?? 0, write: args.write ?? 0, calls: 0 },
    smsSegments: args.sms ?? 0,
    storedBytes: 1024,
    usage,
  };
}

const stack = (schedules: StackFacts['schedules'] = []): StackFacts => ({
  functions: [
    { logicalId: 'Api', memoryMb: 512, architecture: 'arm64' },
    { logicalId: 'Assign', memoryMb: 1024, architecture: 'x86_64' },
  ],
  workflowFunctions: ['Assign'],
  routes: new Map([['POST /requests', 'Api']]),
  schedules,
  alarms: 10,
  dashboards: 1,
  kmsKeys: 2,
  secrets: 0,
  polledQueues: 0,
  customMetrics: 20,
});

const platform = { platformLogBytesPerInvocation: 0, idleReceivesPerQueue: 0, monthsRetained: 1 };

describe('mixing measured work', () => {
  it('scales and adds every measured quantity', async () => {
    const a = await work({ transitions: 10, read: 4, write: 2, sms: 2, functions: { Assign: 1 } });
    const b = await work({ transitions: 4, read: 1, write: 1, sms: 1, functions: { Assign: 2 } });
    const mixed = mixWork([
      [a, 0.5],
      [b, 2],
    ]);
    expect(mixed.transitions).toBeCloseTo(5 + 8);
    expect(mixed.capacity.read).toBeCloseTo(2 + 2);
    expect(mixed.smsSegments).toBeCloseTo(1 + 2);
    expect(mixed.usage.functions.get('Assign')?.count).toBeCloseTo(0.5 + 4);
    expect(mixed.usage.services.topicPublishes).toBeCloseTo(2.5);
    expect(scaleWork(a, 0).transitions).toBe(0);
  });

  it('makes the average request from the scenarios by the mix', async () => {
    const one = (transitions: number) => work({ transitions });
    const scenarios: ScenarioWork = {
      confirmed: await one(10),
      autoConfirmed: await one(12),
      escalationByTimeout: await one(4),
      escalationByLeader: await one(3),
      reminder: await one(2),
      view: await one(0),
      notice: await one(0),
      noticeRead: await one(0),
      noticeRecipients: 4,
    };
    const request = requestWork(scenarios, {
      silentShare: 0.25,
      escalationsByTimeout: 0.5,
      escalationsByLeader: 1,
      reminders: 2,
      views: 3,
    });
    expect(request.transitions).toBeCloseTo(0.75 * 10 + 0.25 * 12 + 0.5 * 4 + 3 + 2 * 2);
  });

  it('scales a notice by the leaders it reaches and those who read it', async () => {
    const scenarios = {
      notice: await work({ sms: 4 }),
      noticeRead: await work({ write: 1 }),
      noticeRecipients: 4,
    } as ScenarioWork;
    const notice = noticeWork(scenarios, 34, 0.5);
    expect(notice.smsSegments).toBeCloseTo(34);
    expect(notice.capacity.write).toBeCloseTo(17);
  });
});

describe('runsPerMonth', () => {
  it('counts rates and daily crons over the month', () => {
    expect(runsPerMonth('rate(5 minutes)', 30)).toBe(8640);
    expect(runsPerMonth('rate(1 hour)', 30)).toBe(720);
    expect(runsPerMonth('cron(30 7 * * ? *)', 30)).toBe(30);
    expect(runsPerMonth('cron(0 2 1 * ? *)', 30)).toBe(1);
    expect(() => runsPerMonth('every now and then', 30)).toThrow(/cannot count/);
  });
});

describe('monthlyUsage and bill', () => {
  it('bills API requests, invocations and GB-seconds at the memory and architecture the template gives', async () => {
    const request = await work({
      transitions: 10,
      read: 4,
      write: 2,
      sms: 2,
      functions: { Assign: 1 },
      route: 'POST /requests',
      ms: 100,
    });
    const usage = monthlyUsage({
      request,
      notice: NO_WORK,
      requests: 1000,
      notices: 0,
      stack: stack(),
      platform,
      daysPerMonth: 30,
    });
    expect(usage.apiRequests).toBe(1000);
    expect(usage.lambda.invocations).toBe(2000);
    // 1000 × 0.1 s × 0.5 GB on arm64; 1000 × 0.1 s × 1 GB on x86_64.
    expect(usage.lambda.gbSeconds.arm64).toBeCloseTo(50);
    expect(usage.lambda.gbSeconds.x86_64).toBeCloseTo(100);
    expect(usage.transitions).toBe(10_000);
    expect(usage.smsSegments).toBe(2000);
    const lines = bill(usage, stack(), GLOBAL_PRICES);
    const amount = (service: string) => lines.find((line) => line.service.startsWith(service))?.amount;
    expect(amount('API Gateway')).toBeCloseTo(0.001 * GLOBAL_PRICES.apiGatewayPerMillion);
    expect(amount('Lambda duration')).toBeCloseTo(
      50 * GLOBAL_PRICES.lambda.gbSecond.arm64 + 100 * GLOBAL_PRICES.lambda.gbSecond.x86_64,
    );
    expect(amount('Step Functions')).toBeCloseTo(10 * GLOBAL_PRICES.stepFunctionsPerThousand);
    expect(amount('DynamoDB writes')).toBeCloseTo((2000 / 1e6) * GLOBAL_PRICES.dynamoDb.writePerMillion);
    expect(amount('SMS')).toBeCloseTo(2000 * 0.00645);
    expect(amount('CloudWatch metrics')).toBeCloseTo(20 * 0.3 + 10 * 0.1 + 3);
    expect(amount('KMS')).toBeCloseTo(2);
    expect(lines.every((line) => !line.assumed)).toBe(true);
  });

  it('marks a line assumed when a price it uses is: the dashboards’ only when there are dashboards', async () => {
    const request = await work({ functions: { Assign: 1 }, route: 'POST /requests' });
    const args = { request, notice: NO_WORK, requests: 10, notices: 0, platform, daysPerMonth: 30 };
    const assumedLines = (facts: StackFacts) =>
      bill(monthlyUsage({ ...args, stack: facts }), facts, CHINA_PRICES)
        .filter((line) => line.assumed)
        .map((line) => line.service.split(' ')[0]);
    expect(assumedLines(stack())).toEqual([
      'API',
      'DynamoDB',
      'DynamoDB',
      'DynamoDB',
      'SNS',
      'CloudWatch',
      'KMS',
      'Secrets',
      'EventBridge',
    ]);
    expect(assumedLines({ ...stack(), dashboards: 0 })).not.toContain('CloudWatch');
  });

  it('adds each schedule’s runs with their measured work, and refuses a route the template lacks', async () => {
    const run = await work({ read: 1, functions: { Assign: 1 } });
    const usage = monthlyUsage({
      request: NO_WORK,
      notice: NO_WORK,
      requests: 0,
      notices: 0,
      stack: stack([{ functionLogicalId: 'Assign', expression: 'rate(15 minutes)', scheduler: true, run }]),
      platform,
      daysPerMonth: 30,
    });
    expect(usage.lambda.invocations).toBe(2880);
    expect(usage.dynamoDb.readUnits).toBe(2880);
    expect(usage.schedulerInvocations).toBe(2880);
    const stray = await work({ route: 'GET /nowhere' });
    expect(() =>
      monthlyUsage({
        request: stray,
        notice: NO_WORK,
        requests: 1,
        notices: 0,
        stack: stack(),
        platform,
        daysPerMonth: 30,
      }),
    ).toThrow(/no function for the route GET \/nowhere/);
  });
});

describe('the polling comparison', () => {
  it('keeps a request open for its handled share of the windows and its resident’s confirmation', () => {
    const hour = 3_600_000;
    const open = meanOpenMs({
      windows: { acknowledge: 2 * hour, resolve: 24 * hour, confirm: 72 * hour },
      acknowledgeShare: 0.5,
      resolveShare: 0.5,
      confirmAfterMs: 2 * hour,
      silentShare: 0.25,
    });
    expect(open / hour).toBeCloseTo(1 + 12 + 0.75 * 2 + 0.25 * 72);
  });

  it('polls every open request each interval: transitions grow with the open time, not with what happens', async () => {
    const request = await work({ transitions: 12, functions: { Assign: 3 } });
    const view = await work({ read: 1, route: 'POST /requests' });
    const comparison = compareWithPolling({
      request,
      view,
      poller: NO_WORK,
      requests: 1000,
      openMs: 10 * 3_600_000,
      design: { intervalMinutes: 5, transitionsPerCheck: 3 },
      daysPerMonth: 30,
      stack: stack(),
      prices: GLOBAL_PRICES,
    });
    expect(comparison.pollsPerRequest).toBe(120);
    expect(comparison.polling.transitions).toBe(120 * 1000 * 3);
    expect(comparison.design.transitions).toBe(12_000);
    expect(comparison.openRequests).toBeCloseTo((1000 * 10) / (30 * 24));
    expect(comparison.polling.amount).toBeGreaterThan(comparison.design.amount);
  });
});

describe('the metrics contract', () => {
  it('counts one metric per name with {service}, and one per value of each breakdown', () => {
    const none = Object.fromEntries(
      ['channel', 'category', 'community', 'level', 'cause', 'outcome'].map((d) => [d, 0]),
    );
    expect(customMetricCount(none)).toBe(Object.keys(METRIC_BREAKDOWNS).length);
    expect(customMetricCount({ ...none, category: 6 })).toBe(Object.keys(METRIC_BREAKDOWNS).length + 6 + 6);
  });
});
