/**
 * Wall-clock arithmetic in any IANA time zone, using only Intl (no libraries, so Lambda bundles stay small).
 * An instant is a Date; a wall-clock time is the date and time a person in the zone reads off their clock.
 */

/** The wall-clock reading of an instant in a zone. weekday is ISO: 1 = Monday … 7 = Sunday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  /** YYYY-MM-DD, the form holidays are written in. */
  isoDate: string;
}

export interface WallClockTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const DAY_MS = 86_400_000;

// Building a DateTimeFormat is far slower than using one; the service calendar calls this per day.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false — the latter prints midnight as "24" in some engines.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  assertValidDate(instant);
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = fields;
  const isoDate = formatIsoDate(year, month, day);
  return { year, month, day, hour, minute, second, weekday: isoWeekday(isoDate), isoDate };
}

/**
 * The instant at which the zone's clocks read the given wall-clock time.
 * Like Temporal's "compatible" disambiguation: a time that occurs twice (clocks turned back) resolves to
 * the earlier instant; a time skipped by clocks turned forward shifts forward by the length of the gap.
 */
export function zonedTimeToInstant(time: WallClockTime, timeZone: string): Date {
  const wallAsUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
  // Offsets a day either side bracket any single transition near this wall time.
  const offsetBefore = offsetAt(wallAsUtc - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wallAsUtc + DAY_MS, timeZone);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => wallAsUtc - offset)
    .filter((candidate) => wallAsUtc - offsetAt(candidate, timeZone) === candidate);
  if (matches.length > 0) return new Date(Math.min(...matches));
  // In a gap: read the wall time with the offset in force before the jump, landing just as far past it.
  return new Date(wallAsUtc - offsetBefore);
}

/** Parses 'HH:MM' (24-hour) as used in the district config. */
export function parseClockTime(clock: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (match === null) throw new Error(`Invalid clock time "${clock}": expected HH:MM (24-hour)`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Minutes since local midnight for an 'HH:MM' clock time. */
export function clockMinutes(clock: string): number {
  const { hour, minute } = parseClockTime(clock);
  return hour * 60 + minute;
}

/** The calendar date a number of days after (or before) a YYYY-MM-DD date; no zone involved. */
export function addDays(isoDate: string, days: number): string {
  const shifted = new Date(isoDateToUtcMs(isoDate) + days * DAY_MS);
  return formatIsoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(isoDate: string): number {
  const sundayZero = new Date(isoDateToUtcMs(isoDate)).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

/** Wall-clock time of day on a YYYY-MM-DD date, as the input zonedTimeToInstant takes. */
export function wallClockAt(isoDate: string, clock: string): WallClockTime {
  const [year = NaN, month = NaN, day = NaN] = isoDate.split('-').map(Number);
  return { year, month, day, ...parseClockTime(clock) };
}

/** Zone offset (local minus UTC, in ms) in force at an instant. */
function offsetAt(utcMs: number, timeZone: string): number {
  // Whole seconds only: the formatter drops milliseconds.
  const instant = Math.floor(utcMs / 1000) * 1000;
  const local = zonedParts(new Date(instant), timeZone);
  const localAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return localAsUtc - instant;
}

function isoDateToUtcMs(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) throw new Error(`Invalid date "${isoDate}": expected YYYY-MM-DD`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function assertValidDate(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
}
