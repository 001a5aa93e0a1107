import { systemClock, type Clock } from '../domain/clock.js';
import type { SmsMessage } from '../domain/sms.js';
import { zonedParts } from '../domain/time-zone.js';
import type { Notifier } from './notifier.js';

/** A message as the outbox keeps it: the template and parameters a provider would get, and the text. */
export interface OutboxMessage extends SmsMessage {
  id: string;
  to: string;
  at: Date;
}

/** The clock an SMS is sent by (the local run's virtual one) and the zone its time is printed in. */
export interface OutboxTime {
  clock: Clock;
  timeZone: string;
}

const two = (value: number) => String(value).padStart(2, '0');

/** `[12-03 07:30] `: when the SMS went, in the district's zone, so quiet hours show in the local run. */
export function stamp(at: Date, timeZone: string): string {
  const { month, day, hour, minute } = zonedParts(at, timeZone);
  return `[${two(month)}-${two(day)} ${two(hour)}:${two(minute)}] `;
}

/** The local notifier: keeps every message for tests and demos, and prints each SMS. */
export class OutboxNotifier implements Notifier {
  readonly sent: OutboxMessage[] = [];

  constructor(
    private readonly print: (line: string) => void = () => {},
    /** With it, each line starts with the (virtual) district time the SMS was sent at. */
    private readonly time?: OutboxTime,
  ) {}

  async sendSms(phone: string, message: SmsMessage): Promise<string> {
    return this.record(phone, message);
  }

  async notifySupervisors(message: SmsMessage): Promise<string> {
    return this.record('supervisors', message);
  }

  private record(to: string, { template, params, text }: SmsMessage): string {
    const id = `local-${this.sent.length + 1}`;
    const at = (this.time?.clock ?? systemClock).now();
    this.sent.push({ id, to, template, params, text, at });
    this.print(`${this.time ? stamp(at, this.time.timeZone) : ''}SMS → ${to}: ${text}`);
    return id;
  }
}
