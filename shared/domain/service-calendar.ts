import type { ServiceCalendar } from '../config/district-config.js';
import { addDays, isoWeekday, wallClockAt, zonedParts, zonedTimeToInstant } from './time-zone.js';

const MINUTE_MS = 60_000;

/** How far ahead we look for service time before deciding the calendar is misconfigured. */
const MAX_DAYS_WITHOUT_SERVICE = 366;

/**
 * A service day is a listed workday that is not a holiday, or any extra workday
 * (the make-up working days that come with Chinese public holidays, often weekends).
 */
export function isServiceDay(isoDate: string, calendar: ServiceCalendar): boolean {
  if (calendar.extraWorkdays.includes(isoDate)) return true;
  return calendar.workdays.includes(isoWeekday(isoDate)) && !calendar.holidays.includes(isoDate);
}

/** True while the service clock runs: inside dailyHours (end exclusive) on a service day, local time. */
export function isWithinServiceHours(at: Date, calendar: ServiceCalendar, timeZone: string): boolean {
  const isoDate = zonedParts(at, timeZone).isoDate;
  if (!isServiceDay(isoDate, calendar)) return false;
  const { open, close } = serviceWindow(isoDate, calendar, timeZone);
  return open <= at.getTime() && at.getTime() < close;
}

/**
 * The instant at which `minutes` of service time have elapsed since `start`.
 * The clock runs only during service hours; a start outside them begins counting at the next opening.
 * Walks one day at a time, so cost grows with days spanned, not minutes.
 */
export function addServiceMinutes(
  start: Date,
  minutes: number,
  calendar: ServiceCalendar,
  timeZone: string,
): Date {
  if (Number.isNaN(start.getTime())) throw new RangeError('addServiceMinutes: start is an Invalid Date');
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`addServiceMinutes: minutes must be a non-negative number, got ${minutes}`);
  }
  if (calendar.dailyHours.start >= calendar.dailyHours.end) {
    throw new Error(
      `Service calendar dailyHours ${calendar.dailyHours.start}–${calendar.dailyHours.end}: start must be before end`,
    );
  }

  let remainingMs = minutes * MINUTE_MS;
  let cursor = start.getTime();
  let isoDate = zonedParts(start, timeZone).isoDate;
  // A run of days with no service time; long runs mean the calendar can never satisfy the request.
  let daysWithoutService = 0;
  let firstDayWithoutService = isoDate;

  for (;;) {
    const { open, close } = isServiceDay(isoDate, calendar)
      ? serviceWindow(isoDate, calendar, timeZone)
      : { open: 0, close: 0 };
    cursor = Math.max(cursor, open);
    const availableMs = close - cursor;
    if (availableMs > 0) {
      if (remainingMs <= availableMs) return new Date(cursor + remainingMs);
      remainingMs -= availableMs;
      daysWithoutService = 0;
    } else {
      if (daysWithoutService === 0) firstDayWithoutService = isoDate;
      if (++daysWithoutService > MAX_DAYS_WITHOUT_SERVICE) {
        throw new Error(
          `No service day found in the ${MAX_DAYS_WITHOUT_SERVICE} days from ${firstDayWithoutService} ` +
            `(${timeZone}); check serviceCalendar workdays, holidays and extraWorkdays`,
        );
      }
    }
    isoDate = addDays(isoDate, 1);
  }
}

/**
 * The service time between two instants, in minutes: the inverse of addServiceMinutes (what it adds
 * to `start` to reach `end`); 0 when `end` is not after `start`.
 */
export function serviceMinutesBetween(
  start: Date,
  end: Date,
  calendar: ServiceCalendar,
  timeZone: string,
): number {
  const last = zonedParts(end, timeZone).isoDate;
  let totalMs = 0;
  for (let isoDate = zonedParts(start, timeZone).isoDate; isoDate <= last; isoDate = addDays(isoDate, 1)) {
    if (!isServiceDay(isoDate, calendar)) continue;
    const { open, close } = serviceWindow(isoDate, calendar, timeZone);
    totalMs += Math.max(0, Math.min(close, end.getTime()) - Math.max(open, start.getTime()));
  }
  return totalMs / MINUTE_MS;
}

/** Opening and closing instants (ms) of a date's service hours; DST days may make the window shorter or longer. */
function serviceWindow(
  isoDate: string,
  calendar: ServiceCalendar,
  timeZone: string,
): { open: number; close: number } {
  return {
    open: zonedTimeToInstant(wallClockAt(isoDate, calendar.dailyHours.start), timeZone).getTime(),
    close: zonedTimeToInstant(wallClockAt(isoDate, calendar.dailyHours.end), timeZone).getTime(),
  };
}
