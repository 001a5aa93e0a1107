import { addDays, clockMinutes, wallClockAt, zonedParts, zonedTimeToInstant } from './time-zone.js';

/** `sms.quietHours`: local clock times; the window may wrap midnight (21:00–07:30). */
export interface QuietHours {
  start: string;
  end: string;
}

/**
 * True when SMS should wait (start inclusive, end exclusive, local time in the zone).
 * The window may wrap midnight, e.g. 21:00–07:30; equal start and end means no quiet hours.
 */
export function isQuietHour(at: Date, quietHours: QuietHours, timeZone: string): boolean {
  const { hour, minute } = zonedParts(at, timeZone);
  const now = hour * 60 + minute;
  const start = clockMinutes(quietHours.start);
  const end = clockMinutes(quietHours.end);
  if (start <= end) return start <= now && now < end;
  return now >= start || now < end;
}

/**
 * The end of the quiet window `at` falls in: the next instant the zone's clocks read `end` (the
 * next morning when the window wraps midnight and `at` is before it); undefined when not quiet.
 */
export function quietUntil(at: Date, quietHours: QuietHours, timeZone: string): Date | undefined {
  if (!isQuietHour(at, quietHours, timeZone)) return undefined;
  const { hour, minute, isoDate } = zonedParts(at, timeZone);
  const endsTomorrow = hour * 60 + minute >= clockMinutes(quietHours.end);
  const day = endsTomorrow ? addDays(isoDate, 1) : isoDate;
  return zonedTimeToInstant(wallClockAt(day, quietHours.end), timeZone);
}

/** When a message may go: at once if it is urgent or the hour is not quiet, else at the window's end. */
export function mayGoAt(
  message: { urgent: boolean },
  at: Date,
  quietHours: QuietHours,
  timeZone: string,
): Date {
  if (message.urgent) return at;
  return quietUntil(at, quietHours, timeZone) ?? at;
}
