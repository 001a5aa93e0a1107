import type { Priority } from '../shared/config/vocabulary.js';
import { TEMPLATE_KINDS, type NotificationKind } from '../shared/domain/notification.js';
import { clockMinutes, wallClockAt, zonedParts, zonedTimeToInstant } from '../shared/domain/time-zone.js';
import { demoHouseholdsUnder, type DemoDistrict } from '../demo/lvyuan-district.js';
import { mulberry32 } from '../demo/random.js';

/**
 * A day of a busy grid, planned in advance and deterministic by its seed: when each request is
 * raised, by whom, about what and how urgent, what its leaders do with it, and the notices posted to
 * the grid with who reads them. The benchmark plays the plan on the local system (bin/busy-grid-run.ts);
 * the plan itself is pure, so it is tested on its own.
 */

export interface GridHousehold {
  householdId: string;
  residentIds: readonly string[];
}

export interface BusyGridInput {
  seed: number;
  /** The local date of the day (YYYY-MM-DD). */
  day: string;
  timeZone: string;
  /** The grid the requests come from and the notices go to. */
  gridId: string;
  /** When people sleep, local `HH:MM` (the district's quiet hours): their requests are fewer, more urgent and less often answered. */
  night: { start: string; end: string };
  households: readonly GridHousehold[];
  /** The leaders who hold a post in the grid; the first posts the notices. */
  leaders: readonly string[];
  categories: readonly string[];
  requests: number;
  notices: number;
}

export interface PlannedRequest {
  at: Date;
  householdId: string;
  residentId: string;
  category: string;
  priority: Priority;
  description: string;
  /** How many holders in turn let the wait time out before one acts (0: the first acts). */
  ignoredBy: number;
  /** When in the time left the holder acknowledges, then resolves (a share of it, within the SLA). */
  acknowledgeShare: number;
  resolveShare: number;
  /** Minutes after the resolution at which the resident confirms; absent: silent (auto-confirm, after the day). */
  confirmAfterMinutes?: number;
}

export interface PlannedNotice {
  at: Date;
  urgent: boolean;
  title: string;
  body: string;
  /** The leader who posts it, and where to: the whole grid. */
  from: string;
  place: string;
  /** Minutes after the notice at which each leader reads it; a leader not listed never reads it. */
  reads: { personId: string; afterMinutes: number }[];
}

export interface BusyGridPlan {
  requests: PlannedRequest[];
  notices: PlannedNotice[];
}

/** A grid of the demo district: its households with their residents, and the leaders of its posts (the grid's first). */
export function demoGrid(
  district: DemoDistrict,
  gridId: string,
): Pick<BusyGridInput, 'gridId' | 'households' | 'leaders'> {
  const posts = district.nodes.filter((node) => node.id === gridId || node.ancestors.grid === gridId);
  return {
    gridId,
    households: demoHouseholdsUnder(district, gridId).map((household) => ({
      householdId: household.id,
      residentIds: household.residents.map((resident) => resident.personId),
    })),
    leaders: [...new Set(posts.flatMap((node) => (node.post ? [node.post.holderId] : [])))],
  };
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

const DESCRIPTIONS: Record<string, readonly string[]> = {
  repair: ['楼道灯不亮了', '单元门禁坏了', '电梯按钮失灵'],
  drainage: ['厨房下水堵了', '楼下井盖冒水'],
  dispute: ['楼上装修噪音太大', '邻居占用楼道堆物'],
  'elderly-care': ['独居老人需要买菜', '老人摔倒了需要帮忙'],
  safety: ['楼道有电动车充电', '燃气味很重'],
  environment: ['垃圾桶满了没人清', '楼前有积水'],
};

const NOTICES = [
  { title: '明日停水通知', body: '因管网维修,明日8:00至12:00本网格停水,请提前储水。' },
  { title: '周六小区消杀', body: '本周六上午对各楼道进行消杀,请关好门窗。' },
  { title: '暴雨红色预警', body: '今夜有特大暴雨,请各楼栋长检查地下室和低洼处,转移车辆。' },
] as const;

/** What a night's requests are about, against a day's: people call at night when it cannot wait. */
const NIGHT_PRIORITIES: readonly [Priority, number][] = [
  ['urgent', 0.3],
  ['high', 0.3],
  ['normal', 0.4],
];
const DAY_PRIORITIES: readonly [Priority, number][] = [
  ['urgent', 0.05],
  ['high', 0.2],
  ['normal', 0.75],
];

/** The choice a roll in [0, 1) falls on, by cumulative weight (the weights add up to 1). */
function weighted<T>(roll: number, choices: readonly [T, number][]): T {
  let total = 0;
  for (const [choice, weight] of choices) {
    total += weight;
    if (roll < total) return choice;
  }
  const last = choices.at(-1);
  if (!last) throw new Error('no choices');
  return last[0];
}

/** Whether a local time of day (minutes after midnight) falls in the night, which may wrap midnight. */
function inNight(minutes: number, night: BusyGridInput['night']): boolean {
  const start = clockMinutes(night.start);
  const end = clockMinutes(night.end);
  if (start === end) return false;
  return start < end ? start <= minutes && minutes < end : minutes >= start || minutes < end;
}

function minutesOfDay(at: Date, timeZone: string): number {
  const { hour, minute } = zonedParts(at, timeZone);
  return hour * 60 + minute;
}

/** Whether an instant falls in the night, in the zone. */
export function atNight(at: Date, night: BusyGridInput['night'], timeZone: string): boolean {
  return inNight(minutesOfDay(at, timeZone), night);
}

/** The end of the night `at` falls in, or `at` itself when it is not night. */
export function wakingTime(at: Date, night: BusyGridInput['night'], timeZone: string): Date {
  const now = minutesOfDay(at, timeZone);
  if (!inNight(now, night)) return at;
  const { isoDate } = zonedParts(at, timeZone);
  const today = zonedTimeToInstant(wallClockAt(isoDate, night.end), timeZone);
  return today.getTime() > at.getTime() ? today : new Date(today.getTime() + DAY_MINUTES * MINUTE_MS);
}

/**
 * When a holder acts on a wait that ends at `due`: at `share` of the time left, and, unless the
 * request is urgent (its SMS wakes them), not before the night is over. Always before `due`.
 */
export function leaderActsAt(args: {
  now: Date;
  due: Date;
  share: number;
  urgent: boolean;
  night: BusyGridInput['night'];
  timeZone: string;
}): Date {
  const { now, due, share, urgent, night, timeZone } = args;
  const from = urgent ? now : wakingTime(now, night, timeZone);
  const at = from.getTime() + share * Math.max(0, due.getTime() - from.getTime());
  return new Date(Math.max(now.getTime(), Math.min(at, due.getTime() - MINUTE_MS)));
}

/** The plan of the day: a share of the requests at night, more urgent and less often answered there. */
export function planBusyGridDay(input: BusyGridInput): BusyGridPlan {
  const random = mulberry32(input.seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  };
  const between = (low: number, high: number) => low + random() * (high - low);
  const dayStart = zonedTimeToInstant(wallClockAt(input.day, '00:00'), input.timeZone).getTime();
  const atMinute = (minute: number) => new Date(dayStart + Math.floor(minute) * MINUTE_MS);
  const nightStart = clockMinutes(input.night.start);
  const nightEnd = clockMinutes(input.night.end);
  const nightLength = (nightEnd - nightStart + DAY_MINUTES) % DAY_MINUTES;

  /** A minute of the day at night (about one request in five), else in the waking hours. */
  const requestMinute = (night: boolean) => {
    const offset = night ? random() * nightLength : nightLength + random() * (DAY_MINUTES - nightLength);
    return (nightStart + offset) % DAY_MINUTES;
  };

  const requests = Array.from({ length: input.requests }, (): PlannedRequest => {
    const night = random() < 0.2;
    const household = pick(input.households);
    const category = pick(input.categories);
    const priority = weighted(random(), night ? NIGHT_PRIORITIES : DAY_PRIORITIES);
    const ignored = random() < (night ? 0.5 : 0.15);
    const silent = random() < 0.25;
    return {
      at: atMinute(requestMinute(night)),
      householdId: household.householdId,
      residentId: pick(household.residentIds),
      category,
      priority,
      description: pick(DESCRIPTIONS[category] ?? ['需要帮忙']),
      ignoredBy: ignored ? (random() < 0.7 ? 1 : 2) : 0,
      acknowledgeShare: between(0.1, 0.7),
      resolveShare: between(0.2, 0.8),
      ...(silent ? {} : { confirmAfterMinutes: Math.round(between(30, 240)) }),
    };
  }).sort((a, b) => a.at.getTime() - b.at.getTime());

  const [from = '', ...readers] = input.leaders;
  const notices = Array.from({ length: input.notices }, (_, index): PlannedNotice => {
    const text = NOTICES[index % NOTICES.length] ?? NOTICES[0];
    // The last notice is the urgent one; the one before it is posted in the evening, inside the night.
    const urgent = index === input.notices - 1;
    const evening = index === input.notices - 2;
    const minute = evening
      ? nightStart + random() * Math.min(90, nightLength)
      : nightEnd + random() * (DAY_MINUTES - nightLength);
    return {
      at: atMinute(minute % DAY_MINUTES),
      urgent,
      ...text,
      from,
      place: input.gridId,
      reads: readers
        .filter(() => random() < (urgent ? 0.7 : 0.85))
        .map((personId) => ({ personId, afterMinutes: Math.round(between(5, urgent ? 60 : 600)) })),
    };
  }).sort((a, b) => a.at.getTime() - b.at.getTime());

  return { requests, notices };
}

/** An SMS as a run saw it go out. */
export interface SentSms {
  to: string;
  template: string;
  segments: number;
  /** The virtual time it was sent. */
  at: Date;
  /** A digest: how many notices and other messages it stands for. */
  merged?: { notices: number; others: number };
}

const NOTICE_KINDS: ReadonlySet<NotificationKind> = new Set(['notice', 'notice-reminder', 'notice-report']);

/** Whether an SMS of this template is about a notice (else about a request). */
export function isNoticeTemplate(template: string): boolean {
  const kind = (TEMPLATE_KINDS as Record<string, NotificationKind | undefined>)[template];
  return kind !== undefined && NOTICE_KINDS.has(kind);
}

export interface DayFigures {
  /** Segments to each leader of the grid, in the order given. */
  perLeader: { personId: string; segments: number }[];
  meanPerLeader: number;
  maxPerLeader: number;
  total: number;
  /** The segments the requests caused and those the notices caused (a digest is shared by what it merged). */
  requestSegments: number;
  noticeSegments: number;
  /** SMS that went out while people sleep. */
  sentAtNight: number;
}

/** What a day's SMS come to: per leader of the grid, in total, by cause, and at night. */
export function dayFigures(
  sent: readonly SentSms[],
  args: {
    leaders: readonly { personId: string; phone: string }[];
    night: BusyGridInput['night'];
    timeZone: string;
  },
): DayFigures {
  const perLeader = args.leaders.map(({ personId, phone }) => ({
    personId,
    segments: sent.filter((sms) => sms.to === phone).reduce((sum, sms) => sum + sms.segments, 0),
  }));
  const noticeShare = (sms: SentSms) => {
    if (sms.merged) return sms.merged.notices / Math.max(1, sms.merged.notices + sms.merged.others);
    return isNoticeTemplate(sms.template) ? 1 : 0;
  };
  const total = sent.reduce((sum, sms) => sum + sms.segments, 0);
  const noticeSegments = sent.reduce((sum, sms) => sum + sms.segments * noticeShare(sms), 0);
  const leaderSegments = perLeader.map((leader) => leader.segments);
  return {
    perLeader,
    meanPerLeader:
      leaderSegments.reduce((sum, segments) => sum + segments, 0) / Math.max(1, perLeader.length),
    maxPerLeader: Math.max(0, ...leaderSegments),
    total,
    requestSegments: total - noticeSegments,
    noticeSegments,
    sentAtNight: sent.filter((sms) => atNight(sms.at, args.night, args.timeZone)).length,
  };
}
