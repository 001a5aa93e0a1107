import type { Capacity } from '../local/capacity-meter.js';
import type { Timing, Usage } from '../local/usage-meter.js';
import type { AwsPrices, PricedService } from './prices.js';
import { perSegment } from './sms-bill.js';

/**
 * The month's bill of a district's stack, from what the scenarios measured per request, per notice
 * and per scheduled run (bin/cost-measure.ts), what the synthesized template configures (memory,
 * schedules, alarms, keys) and a documented mix of what happens to requests. Pure: the inputs in,
 * the quantities and the money out, so the arithmetic is tested on fixed inputs.
 */

/** What one unit of work (a request, a notice, a scheduled run) cost on the local system. */
export interface Work {
  transitions: number;
  capacity: Capacity;
  smsSegments: number;
  archivePuts: number;
  archiveBytes: number;
  storedBytes: number;
  usage: Usage;
}

export const NO_WORK: Work = {
  transitions: 0,
  capacity: { read: 0, write: 0, calls: 0 },
  smsSegments: 0,
  archivePuts: 0,
  archiveBytes: 0,
  storedBytes: 0,
  usage: {
    functions: new Map(),
    routes: new Map(),
    services: { topicPublishes: 0, queueMessages: 0, queueBatches: 0, kmsRequests: 0, logBytes: 0 },
  },
};

function scaleTimings(timings: Map<string, Timing>, by: number): Map<string, Timing> {
  return new Map(
    [...timings].map(([key, timing]) => [
      key,
      { count: timing.count * by, milliseconds: timing.milliseconds * by },
    ]),
  );
}

function addTimings(a: Map<string, Timing>, b: Map<string, Timing>): Map<string, Timing> {
  const sum = new Map([...a].map(([key, timing]) => [key, { ...timing }]));
  for (const [key, timing] of b) {
    const into = sum.get(key) ?? { count: 0, milliseconds: 0 };
    sum.set(key, { count: into.count + timing.count, milliseconds: into.milliseconds + timing.milliseconds });
  }
  return sum;
}

/** `by` times the work (a share of requests, a count of notices). */
export function scaleWork(work: Work, by: number): Work {
  const services = { ...work.usage.services };
  for (const name of Object.keys(services) as (keyof typeof services)[]) services[name] *= by;
  return {
    transitions: work.transitions * by,
    capacity: {
      read: work.capacity.read * by,
      write: work.capacity.write * by,
      calls: work.capacity.calls * by,
    },
    smsSegments: work.smsSegments * by,
    archivePuts: work.archivePuts * by,
    archiveBytes: work.archiveBytes * by,
    storedBytes: work.storedBytes * by,
    usage: {
      functions: scaleTimings(work.usage.functions, by),
      routes: scaleTimings(work.usage.routes, by),
      services,
    },
  };
}

export function addWork(a: Work, b: Work): Work {
  const services = { ...a.usage.services };
  for (const [name, value] of Object.entries(b.usage.services))
    services[name as keyof typeof services] += value;
  return {
    transitions: a.transitions + b.transitions,
    capacity: {
      read: a.capacity.read + b.capacity.read,
      write: a.capacity.write + b.capacity.write,
      calls: a.capacity.calls + b.capacity.calls,
    },
    smsSegments: a.smsSegments + b.smsSegments,
    archivePuts: a.archivePuts + b.archivePuts,
    archiveBytes: a.archiveBytes + b.archiveBytes,
    storedBytes: a.storedBytes + b.storedBytes,
    usage: {
      functions: addTimings(a.usage.functions, b.usage.functions),
      routes: addTimings(a.usage.routes, b.usage.routes),
      services,
    },
  };
}

/** The weighted sum of works: Σ weight × work. */
export function mixWork(parts: readonly (readonly [Work, number])[]): Work {
  return parts.reduce((sum, [work, weight]) => addWork(sum, scaleWork(work, weight)), NO_WORK);
}

/** What the measured scenarios give, each as the work it adds. */
export interface ScenarioWork {
  /** A request that is acknowledged, resolved and confirmed by its resident. */
  confirmed: Work;
  /** A request resolved and left to confirm itself. */
  autoConfirmed: Work;
  /** One escalation by timeout, one by the leader, one reminder: what each adds to a request. */
  escalationByTimeout: Work;
  escalationByLeader: Work;
  reminder: Work;
  /** A leader or resident opening the request (GET /requests/{id}). */
  view: Work;
  /** A notice posted to the measured grid, and one leader confirming reading it. */
  notice: Work;
  noticeRead: Work;
  /** Leaders the measured notice reached. */
  noticeRecipients: number;
}

/** What happens to the average request: shares and counts, each documented where it is set. */
export interface RequestMix {
  /** Residents who never confirm (the request confirms itself). */
  silentShare: number;
  escalationsByTimeout: number;
  escalationsByLeader: number;
  reminders: number;
  views: number;
}

/** The average request's work under the mix. */
export function requestWork(scenarios: ScenarioWork, mix: RequestMix): Work {
  return mixWork([
    [scenarios.confirmed, 1 - mix.silentShare],
    [scenarios.autoConfirmed, mix.silentShare],
    [scenarios.escalationByTimeout, mix.escalationsByTimeout],
    [scenarios.escalationByLeader, mix.escalationsByLeader],
    [scenarios.reminder, mix.reminders],
    [scenarios.view, mix.views],
  ]);
}

/**
 * The average notice's work in a grid of `leadersPerGrid`: the measured post scaled by how many
 * leaders it reaches (its fan-out, SMS and inbox items grow with them; the post itself is one
 * request, so this is an upper bound by a request), and one read per leader who reads it.
 */
export function noticeWork(scenarios: ScenarioWork, leadersPerGrid: number, readShare: number): Work {
  const reach = leadersPerGrid / Math.max(1, scenarios.noticeRecipients);
  return mixWork([
    [scenarios.notice, reach],
    [scenarios.noticeRead, leadersPerGrid * readShare],
  ]);
}

/** Runs a month of a schedule expression makes (`rate(5 minutes)`, a daily `cron(…)`). */
export function runsPerMonth(expression: string, daysPerMonth: number): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const unit = rate[2] ?? '';
    const minutes = Number(rate[1]) * (unit.startsWith('hour') ? 60 : unit.startsWith('day') ? 1440 : 1);
    return (daysPerMonth * 1440) / minutes;
  }
  const cron = /^cron\(\S+ \S+ (\S+) /.exec(expression);
  if (cron) return cron[1] === '*' || cron[1] === '?' ? daysPerMonth : 1;
  throw new Error(`cannot count the runs of ${expression}`);
}

/** What the template configures that the bill depends on. */
export interface StackFacts {
  functions: readonly { logicalId: string; memoryMb: number; architecture: 'arm64' | 'x86_64' }[];
  /** The functions the lifecycle's Task states invoke. */
  workflowFunctions: readonly string[];
  /** Route key → function logical id. */
  routes: ReadonlyMap<string, string>;
  /** Scheduler schedules (billed per invocation) and rules (free) that invoke functions, with each run's measured work. */
  schedules: readonly { functionLogicalId: string; expression: string; scheduler: boolean; run: Work }[];
  alarms: number;
  dashboards: number;
  kmsKeys: number;
  secrets: number;
  /** Queues an event source mapping polls. */
  polledQueues: number;
  customMetrics: number;
}

/** Assumptions about AWS itself, not about the district: each documented where it is set. */
export interface PlatformAssumptions {
  /** Bytes Lambda's own log lines add per invocation (JSON format: platform.start and platform.report). */
  platformLogBytesPerInvocation: number;
  /** ReceiveMessage calls a month an event source mapping makes on an empty queue (its pollers long-poll). */
  idleReceivesPerQueue: number;
  /** How many months of requests and archived notifications the table and the bucket hold. */
  monthsRetained: number;
}

export interface MonthlyUsage {
  requests: number;
  notices: number;
  apiRequests: number;
  lambda: { invocations: number; gbSeconds: { arm64: number; x86_64: number } };
  transitions: number;
  dynamoDb: { readUnits: number; writeUnits: number; storedGb: number };
  snsPublishes: number;
  sqsRequests: number;
  smsSegments: number;
  logsGb: number;
  kmsRequests: number;
  s3: { puts: number; storedGb: number };
  schedulerInvocations: number;
  /** Invocations and GB-seconds per function, for the table by function. */
  byFunction: Map<string, { invocations: number; gbSeconds: number; meanMs: number }>;
}

const GB = 1024 ** 3;

/** The month's usage of the stack: requests and notices at the district's rate, plus the schedules. */
export function monthlyUsage(args: {
  request: Work;
  notice: Work;
  requests: number;
  notices: number;
  stack: StackFacts;
  platform: PlatformAssumptions;
  daysPerMonth: number;
}): MonthlyUsage {
  const { stack, platform } = args;
  const scheduled = mixWork(
    stack.schedules.map((schedule) => [schedule.run, runsPerMonth(schedule.expression, args.daysPerMonth)]),
  );
  const work = mixWork([
    [args.request, args.requests],
    [args.notice, args.notices],
    [scheduled, 1],
  ]);
  // An API request runs its route's function: the routes' timings are that function's invocations.
  let invocationsByFunction = work.usage.functions;
  for (const [route, timing] of work.usage.routes) {
    const fn = stack.routes.get(route);
    if (!fn) throw new Error(`the template has no function for the route ${route}`);
    invocationsByFunction = addTimings(invocationsByFunction, new Map([[fn, timing]]));
  }
  const configured = new Map(stack.functions.map((fn) => [fn.logicalId, fn]));
  const byFunction = new Map<string, { invocations: number; gbSeconds: number; meanMs: number }>();
  const gbSeconds = { arm64: 0, x86_64: 0 };
  let invocations = 0;
  for (const [logicalId, timing] of invocationsByFunction) {
    const fn = configured.get(logicalId);
    if (!fn) throw new Error(`the template has no function ${logicalId}`);
    // Lambda bills each invocation's duration rounded up to the millisecond.
    const meanMs = timing.count > 0 ? Math.ceil(timing.milliseconds / timing.count) : 0;
    const seconds = (timing.count * meanMs) / 1000;
    const functionGbSeconds = (seconds * fn.memoryMb) / 1024;
    gbSeconds[fn.architecture] += functionGbSeconds;
    invocations += timing.count;
    byFunction.set(logicalId, { invocations: timing.count, gbSeconds: functionGbSeconds, meanMs });
  }
  const apiRequests = [...work.usage.routes.values()].reduce((sum, timing) => sum + timing.count, 0);
  const services = work.usage.services;
  const logBytes = services.logBytes + invocations * platform.platformLogBytesPerInvocation;
  const storedRequests = args.request.storedBytes * args.requests + args.notice.storedBytes * args.notices;
  const archived = args.request.archiveBytes * args.requests + args.notice.archiveBytes * args.notices;
  return {
    requests: args.requests,
    notices: args.notices,
    apiRequests,
    lambda: { invocations, gbSeconds },
    transitions: work.transitions,
    dynamoDb: {
      readUnits: work.capacity.read,
      writeUnits: work.capacity.write,
      storedGb: (storedRequests * platform.monthsRetained) / GB,
    },
    snsPublishes: services.topicPublishes,
    // SNS's delivery into a queue is one SendMessage; a batch is one ReceiveMessage and one DeleteMessageBatch.
    sqsRequests:
      services.queueMessages + 2 * services.queueBatches + stack.polledQueues * platform.idleReceivesPerQueue,
    smsSegments: work.smsSegments,
    logsGb: logBytes / GB,
    kmsRequests: services.kmsRequests,
    s3: { puts: work.archivePuts, storedGb: (archived * platform.monthsRetained) / GB },
    schedulerInvocations: stack.schedules
      .filter((schedule) => schedule.scheduler)
      .reduce((sum, schedule) => sum + runsPerMonth(schedule.expression, args.daysPerMonth), 0),
    byFunction,
  };
}

export interface BillLine {
  service: string;
  quantity: string;
  amount: number;
  /** The price is an assumption (not read from a source). */
  assumed: boolean;
}

const millions = (value: number) => `${(value / 1e6).toFixed(value < 1e5 ? 3 : 2)} M`;

/** The month's bill by service in the prices' currency. */
export function bill(usage: MonthlyUsage, stack: StackFacts, prices: AwsPrices): BillLine[] {
  // A line is assumed when any price it uses is (a line of several prices names each it uses).
  const line = (
    service: string,
    priced: PricedService | readonly PricedService[],
    quantity: string,
    amount: number,
  ): BillLine => ({
    service,
    quantity,
    amount,
    assumed: [priced].flat().some((used) => prices.assumed.includes(used)),
  });
  const { cloudWatch, lambda, dynamoDb, kms, secretsManager, s3 } = prices;
  return [
    line(
      'API Gateway (HTTP API requests)',
      'apiGateway',
      millions(usage.apiRequests),
      (usage.apiRequests / 1e6) * prices.apiGatewayPerMillion,
    ),
    line(
      'Lambda requests',
      'lambda',
      millions(usage.lambda.invocations),
      (usage.lambda.invocations / 1e6) * lambda.requestsPerMillion,
    ),
    line(
      'Lambda duration',
      'lambda',
      `${Math.round(usage.lambda.gbSeconds.arm64 + usage.lambda.gbSeconds.x86_64).toLocaleString('en')} GB-s`,
      usage.lambda.gbSeconds.arm64 * lambda.gbSecond.arm64 +
        usage.lambda.gbSeconds.x86_64 * lambda.gbSecond.x86_64,
    ),
    line(
      'Step Functions (standard transitions)',
      'stepFunctions',
      millions(usage.transitions),
      (usage.transitions / 1000) * prices.stepFunctionsPerThousand,
    ),
    line(
      'DynamoDB reads (on demand)',
      'dynamoDb',
      `${millions(usage.dynamoDb.readUnits)} RRU`,
      (usage.dynamoDb.readUnits / 1e6) * dynamoDb.readPerMillion,
    ),
    line(
      'DynamoDB writes (on demand)',
      'dynamoDb',
      `${millions(usage.dynamoDb.writeUnits)} WRU`,
      (usage.dynamoDb.writeUnits / 1e6) * dynamoDb.writePerMillion,
    ),
    line(
      'DynamoDB storage',
      'dynamoDb',
      `${usage.dynamoDb.storedGb.toFixed(2)} GB`,
      usage.dynamoDb.storedGb * dynamoDb.storageGbMonth,
    ),
    line(
      'SNS publishes',
      'sns',
      millions(usage.snsPublishes),
      (usage.snsPublishes / 1e6) * prices.snsPublishesPerMillion,
    ),
    line(
      'SQS requests',
      'sqs',
      millions(usage.sqsRequests),
      (usage.sqsRequests / 1e6) * prices.sqsRequestsPerMillion,
    ),
    {
      service: 'SMS (the region’s provider: see below)',
      quantity: `${Math.round(usage.smsSegments).toLocaleString('en')} segments`,
      amount: usage.smsSegments * perSegment(prices.sms, usage.smsSegments),
      assumed: false,
    },
    line(
      'CloudWatch Logs (ingested, kept a month)',
      'cloudWatchLogs',
      `${usage.logsGb.toFixed(2)} GB`,
      usage.logsGb * (cloudWatch.logsIngestedGb + cloudWatch.logsStoredGbMonth),
    ),
    line(
      'CloudWatch metrics, alarms, dashboards',
      stack.dashboards > 0 ? ['cloudWatchMetrics', 'cloudWatchDashboards'] : 'cloudWatchMetrics',
      `${stack.customMetrics} metrics, ${stack.alarms} alarms, ${stack.dashboards} dashboards`,
      stack.customMetrics * cloudWatch.customMetricMonth +
        stack.alarms * cloudWatch.alarmMonth +
        stack.dashboards * cloudWatch.dashboardMonth,
    ),
    line(
      'KMS',
      'kms',
      `${stack.kmsKeys} keys, ${Math.round(usage.kmsRequests)} requests`,
      stack.kmsKeys * kms.keyMonth + (usage.kmsRequests / 1e4) * kms.per10kRequests,
    ),
    line(
      'Secrets Manager',
      'secretsManager',
      `${stack.secrets} secrets`,
      stack.secrets * secretsManager.secretMonth,
    ),
    line(
      'S3 (notification archive; photos not measured)',
      's3',
      `${Math.round(usage.s3.puts).toLocaleString('en')} PUTs, ${usage.s3.storedGb.toFixed(2)} GB`,
      (usage.s3.puts / 1000) * s3.putPer1000 + usage.s3.storedGb * s3.storageGbMonth,
    ),
    line(
      'EventBridge Scheduler',
      'scheduler',
      millions(usage.schedulerInvocations),
      (usage.schedulerInvocations / 1e6) * prices.schedulerPerMillion,
    ),
  ];
}

/** How long a request stays open on average, from its windows and the shares of them people use. */
export function meanOpenMs(args: {
  windows: { acknowledge: number; resolve: number; confirm: number };
  acknowledgeShare: number;
  resolveShare: number;
  confirmAfterMs: number;
  silentShare: number;
}): number {
  const handled = args.acknowledgeShare * args.windows.acknowledge + args.resolveShare * args.windows.resolve;
  return handled + (1 - args.silentShare) * args.confirmAfterMs + args.silentShare * args.windows.confirm;
}

/** A 5-minute poll over each open request, as the design it is compared with would run it. */
export interface PollingDesign {
  intervalMinutes: number;
  /** The check's own state machine per open request: Task (check) → Choice → Succeed. */
  transitionsPerCheck: number;
}

export interface Comparison {
  openRequests: number;
  pollsPerRequest: number;
  design: { transitions: number; amount: number };
  polling: { transitions: number; amount: number };
}

/**
 * The design's time-keeping (the lifecycle's transitions and its workflow functions, measured) set
 * against the polling one's: a scheduled poller every interval, and per open request a check
 * execution whose Lambda costs what a view of the request costs (its function's time and reads).
 */
export function compareWithPolling(args: {
  request: Work;
  view: Work;
  poller: Work;
  requests: number;
  openMs: number;
  design: PollingDesign;
  daysPerMonth: number;
  stack: StackFacts;
  prices: AwsPrices;
}): Comparison {
  const { prices, stack } = args;
  const intervalMs = args.design.intervalMinutes * 60_000;
  const pollsPerRequest = args.openMs / intervalMs;
  const openRequests = (args.requests * args.openMs) / (args.daysPerMonth * 86_400_000);
  const memory = new Map(stack.functions.map((fn) => [fn.logicalId, fn]));
  const lambdaCost = (timings: Map<string, Timing>) =>
    [...timings].reduce((sum, [logicalId, timing]) => {
      const fn = memory.get(logicalId) ?? stack.functions[0];
      if (!fn || timing.count === 0) return sum;
      const meanMs = Math.ceil(timing.milliseconds / timing.count);
      const gbSeconds = (timing.count * meanMs * fn.memoryMb) / 1024 / 1000;
      return (
        sum +
        (timing.count / 1e6) * prices.lambda.requestsPerMillion +
        gbSeconds * prices.lambda.gbSecond[fn.architecture]
      );
    }, 0);
  const transitionCost = (transitions: number) => (transitions / 1000) * prices.stepFunctionsPerThousand;
  const readCost = (units: number) => (units / 1e6) * prices.dynamoDb.readPerMillion;

  // The design: what the lifecycle's executions do per request (its transitions and its Task states' functions).
  const workflowFunctions = new Map(
    [...args.request.usage.functions].filter(([logicalId]) => stack.workflowFunctions.includes(logicalId)),
  );
  const designTransitions = args.request.transitions * args.requests;
  const designAmount =
    transitionCost(designTransitions) + lambdaCost(scaleTimings(workflowFunctions, args.requests));

  // Polling: every check is a view's function time and reads, in an execution of its own.
  const checks = pollsPerRequest * args.requests;
  const viewFunctions = new Map<string, Timing>();
  for (const [route, timing] of args.view.usage.routes) {
    const fn = stack.routes.get(route);
    if (fn) viewFunctions.set(fn, timing);
  }
  const pollerRuns = runsPerMonth(`rate(${args.design.intervalMinutes} minutes)`, args.daysPerMonth);
  const pollingTransitions = checks * args.design.transitionsPerCheck;
  const pollingAmount =
    transitionCost(pollingTransitions) +
    lambdaCost(scaleTimings(viewFunctions, checks)) +
    readCost(args.view.capacity.read * checks) +
    lambdaCost(scaleTimings(args.poller.usage.functions, pollerRuns)) +
    readCost(args.poller.capacity.read * pollerRuns);
  return {
    openRequests,
    pollsPerRequest,
    design: { transitions: designTransitions, amount: designAmount },
    polling: { transitions: pollingTransitions, amount: pollingAmount },
  };
}
