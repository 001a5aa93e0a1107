import type { DistrictConfig } from '../shared/config/district-config.js';
import { sweepUnreadNotices } from '../shared/services/notices/unread-sweep.js';
import { releaseDueMessages } from '../shared/services/notifications/release-messages.js';
import { demoPerson, lvyuanDemoDistrict } from '../demo/lvyuan-district.js';
import {
  atNight,
  dayFigures,
  demoGrid,
  planBusyGridDay,
  type BusyGridPlan,
  type DayFigures,
} from './busy-grid.js';
import { runBusyGridDay } from './busy-grid-run.js';
import { SNS_SMS, TENCENT_SMS, type SmsPrice } from './prices.js';
import { DOCUMENTED_RATES, LUYUAN, monthlySms, perSegment, smsBill, type MonthlySms } from './sms-bill.js';

/**
 * The SMS part of `npm run bench`: the segments per request against the goals of issue 13, a day
 * of a busy grid with and without quiet hours and the digest, and the month's bill of a
 * Lüyuan-size district scaled from it.
 */

/** The demo grid the busy day happens in: 12 households, 5 leaders (one holds two posts, one unit is vacant). */
const GRID = 'gd-yinrong-1';
const SEED = 13;
const DAY = '2026-11-24';
const REQUESTS = 40;
const NOTICES = 3;
/** How often the scheduled work runs in the deployment: the reconciler's 15 minutes. */
const SWEEP_MINUTES = 15;
/** The day's requests are followed this long (their acknowledge and resolve windows end within it). */
const FOLLOWED_DAYS = 3;
/** Equal start and end: no quiet hours. */
const NO_QUIET_HOURS = { start: '00:00', end: '00:00' };

export function printSmsGoals(measured: {
  happyPath: number;
  escalationByTimeout?: number;
  escalationByLeader?: number;
}) {
  const row = (figure: string, value: number | undefined, goal: number) => ({
    figure,
    'SMS segments': value,
    goal: `≤ ${goal}`,
    met: value !== undefined && value <= goal ? 'yes' : 'NO',
  });
  console.log('\nSMS segments against the goals of issue 13:\n');
  console.table([
    row('per happy path (assignment, resolution)', measured.happyPath, 2),
    row('per escalation by timeout (its own SMS)', measured.escalationByTimeout, 1),
    row('per escalation by the leader (its own SMS)', measured.escalationByLeader, 1),
  ]);
}

interface Mode {
  name: string;
  quietHours: boolean;
  digest: boolean;
}

const MODES: readonly Mode[] = [
  { name: 'quiet hours off', quietHours: false, digest: false },
  { name: 'quiet hours on', quietHours: true, digest: false },
  { name: 'quiet hours on + digest', quietHours: true, digest: true },
];

function configFor(config: DistrictConfig, mode: Mode): DistrictConfig {
  return {
    ...config,
    sms: {
      ...config.sms,
      quietHours: mode.quietHours ? config.sms.quietHours : NO_QUIET_HOURS,
      digest: mode.digest,
    },
  };
}

function describePlan(plan: BusyGridPlan, config: DistrictConfig): string {
  const { start, end } = config.sms.quietHours;
  const count = (test: (request: BusyGridPlan['requests'][number]) => boolean) =>
    plan.requests.filter(test).length;
  const quiet = count((request) => atNight(request.at, config.sms.quietHours, config.district.timeZone));
  return (
    `${plan.requests.length} requests (${quiet} in the quiet hours ${start}–${end}; ` +
    `${count((r) => r.priority === 'urgent')} urgent, ${count((r) => r.priority === 'high')} high; ` +
    `${count((r) => r.ignoredBy > 0)} left to time out by their first holder or two, ` +
    `${count((r) => r.confirmAfterMinutes !== undefined)} confirmed by the resident), ` +
    `${plan.notices.length} notices (${plan.notices.filter((n) => n.urgent).length} urgent)`
  );
}

interface ModeResult {
  mode: Mode;
  figures: DayFigures;
  noticeRecipients: number;
  month: MonthlySms;
}

export async function printBusyGridDay(config: DistrictConfig): Promise<void> {
  const district = lvyuanDemoDistrict();
  const grid = demoGrid(district, GRID);
  const night = config.sms.quietHours;
  const timeZone = config.district.timeZone;
  const plan = planBusyGridDay({
    seed: SEED,
    day: DAY,
    timeZone,
    night,
    ...grid,
    categories: config.categories.map((category) => category.code),
    requests: REQUESTS,
    notices: NOTICES,
  });
  const leaders = grid.leaders.map((personId) => ({
    personId,
    phone: demoPerson(district, personId)?.phone ?? '',
  }));
  const horizon = new Date(Date.parse(`${DAY}T00:00:00Z`) + FOLLOWED_DAYS * 86_400_000);
  const results: ModeResult[] = [];
  for (const mode of MODES) {
    const run = await runBusyGridDay(configFor(config, mode), plan, {
      night,
      horizon,
      sweeps: [releaseDueMessages, sweepUnreadNotices],
      sweepMinutes: SWEEP_MINUTES,
    });
    const figures = dayFigures(run.sent, { leaders, night, timeZone });
    const month = monthlySms(LUYUAN, DOCUMENTED_RATES, {
      perRequest: figures.requestSegments / plan.requests.length,
      perNoticeRecipient: figures.noticeSegments / Math.max(1, run.noticeRecipients),
    });
    results.push({ mode, figures, noticeRecipients: run.noticeRecipients, month });
  }

  console.log(
    `\nA day of a busy grid (${GRID}, seed ${SEED}, ${DAY} in ${timeZone}): ${describePlan(plan, config)}; ` +
      `the day's requests followed ${FOLLOWED_DAYS} days, the scheduled release every ${SWEEP_MINUTES} virtual minutes:\n`,
  );
  console.table(
    results.map(({ mode, figures, noticeRecipients }) => ({
      run: mode.name,
      'segments in all': figures.total,
      'for requests': round(figures.requestSegments, 1),
      'for notices': round(figures.noticeSegments, 1),
      'notice recipients': noticeRecipients,
      'per grid leader: mean': round(figures.meanPerLeader, 1),
      'per grid leader: max': figures.maxPerLeader,
      'sent in quiet hours': figures.sentAtNight,
    })),
  );

  const baseline = results[0];
  if (!baseline) return;
  const perGridDay = baseline.month.requestsPerGridPerDay;
  console.log(
    `\nThe month's SMS bill of a Lüyuan-size district (${LUYUAN.grids} grids, ${LUYUAN.leaders.toLocaleString()} leaders, ` +
      `${LUYUAN.residents.toLocaleString()} residents; ${round(perGridDay, 2)} requests a grid a day and ` +
      `${DOCUMENTED_RATES.noticesPerGridPerWeek} notices a grid a week; ${DOCUMENTED_RATES.source}), ` +
      `scaled from each run's segments per request and per notice recipient:\n`,
  );
  const bill = (price: SmsPrice, month: MonthlySms) => smsBill(price, month.segments);
  console.table(
    results.map(({ mode, month }) => ({
      run: mode.name,
      'segments a month': Math.round(month.segments),
      'of which notices': Math.round(month.noticeSegments),
      [`${SNS_SMS.provider} (${SNS_SMS.currency})`]: Math.round(bill(SNS_SMS, month)),
      [`${TENCENT_SMS.provider} (${TENCENT_SMS.currency})`]: Math.round(bill(TENCENT_SMS, month)),
      'saved against quiet hours off': percent(1 - month.segments / baseline.month.segments),
    })),
  );
  for (const price of [SNS_SMS, TENCENT_SMS]) {
    console.log(
      `${price.provider}: ${price.currency} ${perSegment(price, baseline.month.segments)} a segment at this volume ` +
        `(${price.note}; ${price.source}, read ${price.checked}).`,
    );
  }
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
