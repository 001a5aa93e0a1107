import path from 'node:path';
import { districtConfigFiles } from '../infra/district-configs.js';
import { COST_USAGE, CostUsageError, parseCostArgs } from './cost-args.js';
import {
  bill,
  compareWithPolling,
  meanOpenMs,
  monthlyUsage,
  noticeWork,
  requestWork,
  type PlatformAssumptions,
  type RequestMix,
} from './cost-model.js';
import { REGION_PRICES } from './prices.js';
import { DAYS_PER_MONTH, DOCUMENTED_RATES, LUYUAN } from './sms-bill.js';
import { logger } from '../shared/logger.js';

/**
 * `npm run cost -- --district lvyuan --requests-per-month N [--region global|china|both]`: the
 * district's monthly bill by service, from what the lifecycle scenarios measure on the local system
 * (bin/cost-measure.ts) scaled by the request mix below, and the design against a 5-minute poll.
 */

/**
 * What happens to the average request. Reminders and escalations by timeout are the busy grid's
 * day (`npm run bench`: 40 requests, 27 reminders and 19 escalations by timeout in its run of
 * 2026-12-02); the silent share and people's timing are that day's plan (bin/busy-grid.ts: a quarter
 * of residents never confirm; leaders acknowledge at 0.1–0.7 and resolve at 0.2–0.8 of the time
 * left; residents confirm 30–240 minutes after the resolution). Leaders' own escalations (1 in 20)
 * and the views (the leader opens the request before acknowledging and before resolving, the
 * resident before confirming) are assumptions.
 */
export const REQUEST_MIX: RequestMix = {
  silentShare: 0.25,
  escalationsByTimeout: 19 / 40,
  escalationsByLeader: 0.05,
  reminders: 27 / 40,
  views: 3,
};
const TIMING = { acknowledgeShare: 0.4, resolveShare: 0.5, confirmAfterMs: 135 * 60_000 };

/** Leaders who confirm reading a notice (the busy grid's plan: 85 %, 70 % for an urgent one). */
const NOTICE_READ_SHARE = 0.85;

/**
 * Lambda's platform lines in JSON format (platform.start and platform.report, about 600 bytes per
 * invocation); five pollers long-polling (20 s) each queue an event source mapping reads; a year
 * of requests and archived notifications kept.
 */
const PLATFORM: PlatformAssumptions = {
  platformLogBytesPerInvocation: 600,
  idleReceivesPerQueue: 5 * ((DAYS_PER_MONTH * 86_400) / 20),
  monthsRetained: 12,
};

const POLLING = { intervalMinutes: 5, transitionsPerCheck: 3 };

function parsedArgs(): {
  district: string;
  requestsPerMonth: number;
  regions: (keyof typeof REGION_PRICES)[];
} {
  const districts = districtConfigFiles().map((file) => path.basename(file, '.json'));
  try {
    return parseCostArgs(process.argv.slice(2), districts);
  } catch (error) {
    if (!(error instanceof CostUsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

const args = parsedArgs();
// The synthesizer and the local system load only once the arguments are good: a bad one exits at once.
const { loadDistrictConfigs } = await import('../infra/synthesize.js');
const { measureForCost } = await import('./cost-measure.js');
// The figures are the output; the handlers' info logs stay quiet, as in the local run.
logger.setLogLevel('WARN');

const config = loadDistrictConfigs().find((candidate) => candidate.district.id === args.district);
if (!config) throw new Error(`no config for ${args.district}`);
console.log('Measuring the scenarios on the local system (two to three minutes)…');
const measured = await measureForCost(config);
const request = requestWork(measured.scenarios, REQUEST_MIX);
const leadersPerGrid = LUYUAN.leaders / LUYUAN.grids;
const notice = noticeWork(measured.scenarios, leadersPerGrid, NOTICE_READ_SHARE);
const notices = (LUYUAN.grids * DOCUMENTED_RATES.noticesPerGridPerWeek * DAYS_PER_MONTH) / 7;
const usage = monthlyUsage({
  request,
  notice,
  requests: args.requestsPerMonth,
  notices,
  stack: measured.stack,
  platform: PLATFORM,
  daysPerMonth: DAYS_PER_MONTH,
});

console.log(
  `\nThe month of ${config.district.name} (${args.district}): ${args.requestsPerMonth.toLocaleString('en')} requests, ` +
    `${Math.round(notices).toLocaleString('en')} notices (${DOCUMENTED_RATES.noticesPerGridPerWeek} a grid a week, ` +
    `${LUYUAN.grids} grids of ${leadersPerGrid.toFixed(1)} leaders), the schedules of the synthesized template.\n` +
    `Per request (measured, mixed): ${request.transitions.toFixed(1)} transitions, ` +
    `${request.capacity.read.toFixed(1)} RRU, ${request.capacity.write.toFixed(1)} WRU, ${request.smsSegments.toFixed(2)} SMS segments; ` +
    `per notice: ${notice.smsSegments.toFixed(1)} segments.\n`,
);
const lines = args.regions.map((region) => ({ region, prices: REGION_PRICES[region] }));
const bills = lines.map(({ prices }) => bill(usage, measured.stack, prices));
const [first] = bills;
console.table(
  (first ?? []).map((line, index) =>
    Object.fromEntries([
      ['service', line.service],
      ['a month', line.quantity],
      ...lines.map(({ prices }, column) => {
        const priced = bills[column]?.[index];
        return [
          `${prices.region} (${prices.currency})`,
          `${(priced?.amount ?? 0).toFixed(2)}${priced?.assumed ? ' *' : ''}`,
        ];
      }),
    ]),
  ),
);
for (const [column, { prices }] of lines.entries()) {
  const total = (bills[column] ?? []).reduce((sum, line) => sum + line.amount, 0);
  const sms = (bills[column] ?? []).find((line) => line.service.startsWith('SMS'))?.amount ?? 0;
  console.log(
    `${prices.region}: ${prices.currency} ${total.toFixed(0)} a month, of which SMS ${sms.toFixed(0)} ` +
      `(${((sms / total) * 100).toFixed(0)} %, ${prices.sms.provider}). Prices: ${prices.source}, ${prices.checked}.`,
  );
}
if (lines.some(({ prices }) => prices.assumed.length > 0))
  console.log('* assumed: the price could not be read from a source (bin/prices.ts says which and why).');

console.log(
  '\nFunctions (measured handler time in this process; memory and architecture from the template):\n',
);
console.table(
  [...usage.byFunction]
    .sort(([, a], [, b]) => b.gbSeconds - a.gbSeconds)
    .map(([logicalId, figures]) => ({
      function: logicalId.replace(/[0-9A-F]{8}$/, ''),
      'invocations a month': Math.round(figures.invocations),
      'mean ms': figures.meanMs,
      'GB-s a month': Math.round(figures.gbSeconds),
    })),
);

const openMs = meanOpenMs({ windows: measured.windows, ...TIMING, silentShare: REQUEST_MIX.silentShare });
console.log(
  `\nAgainst a ${POLLING.intervalMinutes}-minute poll over each open request (a scheduled poller, and per open request a ` +
    `${POLLING.transitionsPerCheck}-state check execution whose Lambda reads the request as a view does): ` +
    `a request is open ${(openMs / 3_600_000).toFixed(1)} h on average (its measured windows: acknowledge ` +
    `${(measured.windows.acknowledge / 60_000).toFixed(0)} min, resolve ${(measured.windows.resolve / 60_000).toFixed(0)} min, ` +
    `confirm ${(measured.windows.confirm / 3_600_000).toFixed(0)} h).\n`,
);
console.table(
  lines.map(({ prices }) => {
    const comparison = compareWithPolling({
      request,
      view: measured.scenarios.view,
      poller: measured.poller,
      requests: args.requestsPerMonth,
      openMs,
      design: POLLING,
      daysPerMonth: DAYS_PER_MONTH,
      stack: measured.stack,
      prices,
    });
    return {
      region: `${prices.region} (${prices.currency})`,
      'open at a time': Math.round(comparison.openRequests),
      'polls a request': Math.round(comparison.pollsPerRequest),
      'design: transitions': Math.round(comparison.design.transitions),
      'design: amount': comparison.design.amount.toFixed(2),
      'polling: transitions': Math.round(comparison.polling.transitions),
      'polling: amount': comparison.polling.amount.toFixed(2),
    };
  }),
);
console.log(COST_USAGE.replace('usage: ', 'Again: '));
