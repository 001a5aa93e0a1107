import type { Level } from '../config/vocabulary.js';
import type { Handler, ServiceRequest, TimelineEntry } from './request.js';
import { addDays, isoWeekday, zonedParts } from './time-zone.js';

/**
 * What the charts count, one tally per community, day (district time) and grid, added to in the
 * same transaction as the lifecycle change it counts: every request is counted on the day each of
 * these happened to it. Raised (by category), its first acknowledgement (how long after it was
 * raised), each climb to a level, and its close (whether it met its deadlines).
 */
export const TIME_TO_ACKNOWLEDGE_BUCKETS = [15, 30, 60, 120, 240, 480, 1440] as const;
/** The bucket past the last bound: acknowledged more than a day after it was raised. */
export const LATER_BUCKET = 'later';

/** The longest window the charts read: a quarter (92 days, both ends in; one Query per community). */
export const STATS_MAX_DAYS = 92;

/** The counter names of a tally item: flat attributes, so that an `ADD` never needs a map to exist. */
export const counter = {
  raised: 'raised',
  raisedIn: (category: string) => `raised:${category}`,
  acknowledgedWithin: (bucket: string) => `acknowledgedWithin:${bucket}`,
  escalatedTo: (level: Level) => `escalatedTo:${level}`,
  closed: 'closed',
  /** Closed after being held by leaders (not dismissed from triage): the SLA's denominator. */
  closedHandled: 'closedHandled',
  acknowledgedOnTime: 'acknowledgedOnTime',
  resolvedOnTime: 'resolvedOnTime',
} as const;

/** Where a tally is kept: a request in triage has no grid yet (`-`). */
export interface TallyPlace {
  communityId: string;
  street: string;
  grid: string;
  day: string;
}

export const NO_GRID = '-';

export interface Tally {
  place: TallyPlace;
  counts: Record<string, number>;
}

/** The bucket of a wait, in minutes: the first bound it is within, else `later`. */
export function bucketOf(minutes: number): string {
  const bound = TIME_TO_ACKNOWLEDGE_BUCKETS.find((limit) => minutes <= limit);
  return bound === undefined ? LATER_BUCKET : String(bound);
}

const firstAcknowledger = (handlers: readonly Handler[]) =>
  handlers.findIndex((handler) => handler.acknowledgedAt !== undefined);

/** Acknowledged in time: the first to acknowledge did so within their deadline, and nobody before them let it pass. */
function acknowledgedOnTime(handlers: readonly Handler[]): boolean {
  const first = firstAcknowledger(handlers);
  if (first < 0) return false;
  return (
    handlers[first]?.acknowledgedWithinSla === true &&
    handlers.slice(0, first).every((handler) => !handler.missedDeadline)
  );
}

/** Resolved in time: resolved, every resolution within its deadline, and no leader let a deadline pass. */
function resolvedOnTime(handlers: readonly Handler[]): boolean {
  const resolvers = handlers.filter((handler) => handler.resolvedAt !== undefined);
  return (
    resolvers.length > 0 &&
    resolvers.every((handler) => handler.resolvedWithinSla === true) &&
    handlers.every((handler) => !handler.missedDeadline)
  );
}

function countsOf(request: ServiceRequest, entry: TimelineEntry): Record<string, number> {
  const counts: Record<string, number> = {};
  if (entry.event === 'submitted') {
    counts[counter.raised] = 1;
    counts[counter.raisedIn(request.category)] = 1;
  }
  const first = request.handlers[firstAcknowledger(request.handlers)];
  if (
    first?.acknowledgedAt === entry.at &&
    (entry.event === 'acknowledged' || entry.event === 'dispatched')
  ) {
    const minutes = (Date.parse(entry.at) - Date.parse(request.createdAt)) / 60_000;
    counts[counter.acknowledgedWithin(bucketOf(minutes))] = 1;
  }
  if (entry.event === 'escalated') counts[counter.escalatedTo(request.level)] = 1;
  if (request.status === 'closed') {
    counts[counter.closed] = 1;
    if (request.handlers.length > 0) {
      counts[counter.closedHandled] = 1;
      if (acknowledgedOnTime(request.handlers)) counts[counter.acknowledgedOnTime] = 1;
      if (resolvedOnTime(request.handlers)) counts[counter.resolvedOnTime] = 1;
    }
  }
  return counts;
}

/** What a transition adds to the charts, and where; undefined when it counts for nothing. */
export function tallyOf(request: ServiceRequest, entry: TimelineEntry, timeZone: string): Tally | undefined {
  const counts = countsOf(request, entry);
  if (Object.keys(counts).length === 0) return undefined;
  return {
    place: {
      communityId: request.ancestors.community,
      street: request.ancestors.street,
      grid: request.ancestors.grid ?? NO_GRID,
      day: zonedParts(new Date(entry.at), timeZone).isoDate,
    },
    counts,
  };
}

/** The ISO week of a date (`2026-W49`): the week of its Thursday, Monday first. */
export function isoWeekOf(isoDate: string): string {
  const thursday = addDays(isoDate, 4 - isoWeekday(isoDate));
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = (Date.parse(thursday) - Date.UTC(year, 0, 1)) / 86_400_000;
  return `${year}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, '0')}`;
}
