import type { Clock } from '../shared/domain/clock.js';
import { addDays, wallClockAt, zonedParts, zonedTimeToInstant } from '../shared/domain/time-zone.js';
import type { FunctionSchedule } from './synthesized-template.js';

const RATE = /^rate\((\d+) (minute|minutes|hour|hours)\)$/;
/** A daily cron, the only kind the template's function schedules use: minute and hour, every day. */
const DAILY_CRON = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/;

/**
 * The first firing of a schedule after `after`: a rate's next multiple from `start`, a daily cron's
 * next time of day in its zone. Other expressions are refused: the local run would not play them.
 */
export function nextFiring(
  schedule: Pick<FunctionSchedule, 'expression' | 'timeZone'>,
  after: Date,
  start: Date,
): Date {
  const rate = RATE.exec(schedule.expression);
  if (rate) {
    const every = Number(rate[1]) * (rate[2]?.startsWith('hour') ? 3_600_000 : 60_000);
    const elapsed = after.getTime() - start.getTime();
    return new Date(start.getTime() + (Math.floor(elapsed / every) + 1) * every);
  }
  const cron = DAILY_CRON.exec(schedule.expression);
  if (!cron) throw new Error(`the local run cannot play the schedule ${schedule.expression}`);
  const clock = `${String(cron[2]).padStart(2, '0')}:${String(cron[1]).padStart(2, '0')}`;
  const today = zonedParts(after, schedule.timeZone).isoDate;
  const at = (day: string) => zonedTimeToInstant(wallClockAt(day, clock), schedule.timeZone);
  return at(today) > after ? at(today) : at(addDays(today, 1));
}

/**
 * EventBridge Scheduler, locally: each schedule of the template that invokes a function fires in
 * the clock's (virtual) time, checked once a real second, invoking the same handler module Lambda
 * runs with `{}`. A run still going when its schedule fires again is not started twice.
 */
export class LocalSchedules {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly schedules: (FunctionSchedule & { run: () => Promise<unknown> })[]) {}

  start(
    clock: Clock,
    onResult: (schedule: FunctionSchedule, result: unknown, error?: unknown) => void,
  ): void {
    const start = clock.now();
    const state = this.schedules.map((schedule) => ({
      schedule,
      due: nextFiring(schedule, start, start),
      running: false,
    }));
    this.timer = setInterval(() => {
      const now = clock.now();
      for (const entry of state) {
        if (now < entry.due || entry.running) continue;
        entry.due = nextFiring(entry.schedule, now, start);
        entry.running = true;
        entry.schedule
          .run()
          .then(
            (result) => onResult(entry.schedule, result),
            (error: unknown) => onResult(entry.schedule, undefined, error),
          )
          .finally(() => {
            entry.running = false;
          });
      }
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
