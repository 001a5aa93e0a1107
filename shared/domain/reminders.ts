import type { DistrictConfig } from '../config/district-config.js';
import type { Priority } from '../config/vocabulary.js';
import type { ServiceRequest } from './request.js';
import { addServiceMinutes, serviceMinutesBetween } from './service-calendar.js';

/** A reminder closer to the deadline than this is not worth a message: the escalation follows. */
export const MIN_REMINDER_LEAD_MS = 60_000;

/**
 * When the holder of a wait from `start` to `deadline` is reminded: `share` of the way, on the clock
 * the deadline runs on (the wall clock for urgent requests, service time for the others, so that a
 * wait across a night is not reminded in it). None when the share is 0, or the instant would not
 * come after the start or would be within a minute of the deadline.
 */
export function reminderTime(args: {
  start: Date;
  deadline: Date;
  share: number;
  priority: Priority;
  config: DistrictConfig;
}): Date | undefined {
  const { start, deadline, share, priority, config } = args;
  if (share <= 0) return undefined;
  const { serviceCalendar: calendar, district } = config;
  const at =
    priority === 'urgent'
      ? new Date(start.getTime() + share * (deadline.getTime() - start.getTime()))
      : addServiceMinutes(
          start,
          share * serviceMinutesBetween(start, deadline, calendar, district.timeZone),
          calendar,
          district.timeZone,
        );
  const early = at.getTime() <= start.getTime();
  const late = deadline.getTime() - at.getTime() < MIN_REMINDER_LEAD_MS;
  return early || late ? undefined : at;
}

/**
 * The reminder of the wait a request is in, starting now: a leader holding it has its acknowledge
 * window (assigned) or its resolve window (acknowledged) to use; nobody is reminded of a request
 * already overdue, nor in another wait (a dispatch, triage, the resident's confirmation).
 */
export function waitReminder(
  request: ServiceRequest,
  { config, now }: { config: DistrictConfig; now: Date },
): string | undefined {
  if (!request.assignee || request.overdue) return undefined;
  const shares = config.sla.reminders[request.priority];
  const share =
    request.status === 'assigned'
      ? shares.acknowledge
      : request.status === 'acknowledged'
        ? shares.resolve
        : 0;
  const at = reminderTime({
    start: now,
    deadline: new Date(request.deadline),
    share,
    priority: request.priority,
    config,
  });
  return at?.toISOString();
}

/** Whether the request's reminder is due now: its time has come and its deadline has not. */
export function isReminderDue(request: ServiceRequest, now: Date): boolean {
  if (request.reminderAt === undefined) return false;
  return (
    now.getTime() >= new Date(request.reminderAt).getTime() &&
    now.getTime() < new Date(request.deadline).getTime()
  );
}

/** Whether a change started a new wait: another deadline, status or holder. */
export function startsNewWait(before: ServiceRequest, after: ServiceRequest): boolean {
  return (
    before.deadline !== after.deadline ||
    before.status !== after.status ||
    before.assignee?.holderId !== after.assignee?.holderId
  );
}
