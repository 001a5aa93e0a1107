/**
 * The monthly settlement as pure rules: which month an entry belongs to, what a leader's month
 * adds up to, how leaders rank, what bonus a rank earns, and the SMS summary.
 *
 * Month attribution (the late-entries rule): a ledger entry belongs to the calendar month of its
 * `at` read in the district's time zone. A request closed at 00:00:05 on 1 November (Beijing time)
 * is November's, even though it was 16:00:05 UTC on 31 October. An entry is attributed when it is
 * written, and never moves; a month that is settled is final (see docs/points.md, "Monthly settlement").
 */
import { renderSms, type SmsMessage } from './sms-templates.js';
import { zonedParts, zonedTimeToInstant } from './time-zone.js';

/** `YYYY-MM`, the form months are written in everywhere (keys, the API, the CLI). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isMonth = (text: string) => MONTH_PATTERN.test(text);

/** The month an instant falls in, read in the district's time zone. */
export function monthOf(at: Date | string, timeZone: string): string {
  const parts = zonedParts(typeof at === 'string' ? new Date(at) : at, timeZone);
  return `${parts.year}-${String(parts.month).padStart(2, '0')}`;
}

export function addMonths(month: string, delta: number): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month that just ended at `now`, in the zone: what the schedule settles. */
export const previousMonth = (now: Date, timeZone: string) => addMonths(monthOf(now, timeZone), -1);

/** The instant the month ends (midnight starting the next month, in the zone). */
export function endOfMonth(month: string, timeZone: string): Date {
  const [year = 0, number = 1] = addMonths(month, 1).split('-').map(Number);
  return zonedTimeToInstant({ year, month: number, day: 1, hour: 0, minute: 0 }, timeZone);
}

export const hasEnded = (month: string, now: Date, timeZone: string) =>
  now.getTime() >= endOfMonth(month, timeZone).getTime();

/** What settlement reads of a leader's ledger entry. */
export interface MonthEntry {
  personId: string;
  transferId: string;
  amount: number;
  memo: { reasons: string[]; requestId?: string; rating?: number };
}

export const BONUS_REASON = 'monthly-bonus';

/** One leader's month, before ranks, bonus and balance. */
export interface LeaderMonth {
  personId: string;
  /** Points that count for the ranking: every entry of the month but monthly bonuses. */
  points: number;
  /** Net points by reason (a transfer with several reasons is split evenly, remainder to the first). */
  earnedByReason: Record<string, number>;
  /** Distinct requests the leader was paid for or docked on in the month. */
  requestsHandled: number;
  /** Share of those requests without a breached-SLA deduction (null when none). */
  slaCompliance: number | null;
  /** Mean of the ratings on the requests the leader resolved in the month (null when none). */
  averageRating: number | null;
  ratings: number;
}

/**
 * Adds up one leader's entries of the month. SLA compliance: of the distinct requests in the
 * month's entries (closing awards and breach deductions), the share with no `breached-sla`
 * deduction. Average rating: the `rating` on the closing awards of the requests the leader resolved.
 */
export function aggregateLeader(personId: string, entries: readonly MonthEntry[]): LeaderMonth {
  const earnedByReason: Record<string, number> = {};
  const requests = new Set<string>();
  const breached = new Set<string>();
  const ratings = new Map<string, number>();
  let points = 0;
  for (const entry of entries) {
    const reasons = entry.memo.reasons.length > 0 ? entry.memo.reasons : ['other'];
    const share = Math.trunc(entry.amount / reasons.length);
    reasons.forEach((reason, index) => {
      const part = index === 0 ? entry.amount - share * (reasons.length - 1) : share;
      earnedByReason[reason] = (earnedByReason[reason] ?? 0) + part;
    });
    if (!reasons.includes(BONUS_REASON)) points += entry.amount;
    const requestId = entry.memo.requestId;
    if (requestId) {
      requests.add(requestId);
      if (reasons.includes('breached-sla')) breached.add(requestId);
      if (reasons.includes('resolved') && entry.memo.rating !== undefined)
        ratings.set(requestId, entry.memo.rating);
    }
  }
  const rated = [...ratings.values()];
  return {
    personId,
    points,
    earnedByReason,
    requestsHandled: requests.size,
    slaCompliance: requests.size === 0 ? null : round2((requests.size - breached.size) / requests.size),
    averageRating: rated.length === 0 ? null : round2(rated.reduce((a, b) => a + b, 0) / rated.length),
    ratings: rated.length,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Groups a month's entries by leader and adds each up, in personId order. */
export function aggregateMonth(entries: readonly MonthEntry[]): LeaderMonth[] {
  const byPerson = new Map<string, MonthEntry[]>();
  for (const entry of entries) {
    const list = byPerson.get(entry.personId) ?? [];
    list.push(entry);
    byPerson.set(entry.personId, list);
  }
  return [...byPerson.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([personId, list]) => aggregateLeader(personId, list));
}

/**
 * Competition ranking ("1224"): more points rank higher; equal points share a rank and the next
 * rank skips. Ties are listed by personId so the order is stable across runs.
 */
export function rank<T extends { personId: string; points: number }>(
  leaders: readonly T[],
): (T & { rank: number })[] {
  const sorted = [...leaders].sort(
    (a, b) => b.points - a.points || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0),
  );
  let previous: number | undefined;
  let currentRank = 0;
  return sorted.map((leader, index) => {
    if (leader.points !== previous) currentRank = index + 1;
    previous = leader.points;
    return { ...leader, rank: currentRank };
  });
}

/**
 * The rank a score has among all scores, from a histogram `points → how many leaders`: 1 + the
 * number of leaders with strictly more points (the same competition ranking as `rank`).
 */
export function rankTable(histogram: Record<string, number>): Map<number, number> {
  const scores = Object.keys(histogram)
    .map(Number)
    .sort((a, b) => b - a);
  const ranks = new Map<number, number>();
  let above = 0;
  for (const score of scores) {
    ranks.set(score, above + 1);
    above += histogram[String(score)] ?? 0;
  }
  return ranks;
}

export interface BonusRule {
  rank: number;
  points: number;
}

/**
 * The monthly bonus of a community rank: the rule for that rank (tied leaders each get it). A leader
 * with no points above zero gets none: a bonus rewards work, not a quiet month in a quiet community.
 */
export function bonusFor(rule: readonly BonusRule[], leader: { rank: number; points: number }): number {
  if (leader.points <= 0) return 0;
  return rule.find((entry) => entry.rank === leader.rank)?.points ?? 0;
}

/**
 * The SMS summary a leader gets, in Chinese; one 70-character segment for realistic figures. A bonus
 * has its own template: a clause that may be absent cannot be a parameter, which is never empty.
 */
export function statementSms(
  signature: string,
  month: string,
  s: { points: number; communityRank: number; districtRank: number; bonus: number; balance: number },
): SmsMessage {
  const [, number] = month.split('-');
  const figures = [Number(number), s.points, s.communityRank, s.districtRank].map(String);
  return s.bonus > 0
    ? renderSms(signature, 'statementBonus', [...figures, String(s.bonus), String(s.balance)])
    : renderSms(signature, 'statement', [...figures, String(s.balance)]);
}

/** One CSV line; fields with a comma, quote or newline are quoted. */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields
    .map((field) => {
      const text = field === null || field === undefined ? '' : String(field);
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

export const SUMMARY_CSV_HEADER = csvLine([
  'month',
  'community',
  'personId',
  'name',
  'points',
  'requestsHandled',
  'slaCompliance',
  'averageRating',
  'communityRank',
  'districtRank',
  'bonus',
  'balance',
]);
