import type { SmsMessage } from '../domain/sms.js';
import type { Notifier } from './notifier.js';

/** A message as the outbox keeps it: the template and parameters a provider would get, and the text. */
export interface OutboxMessage extends SmsMessage {
  id: string;
  to: string;
  at: Date;
}

/** The local notifier: keeps every message for tests and demos, and prints each SMS. */
export class OutboxNotifier implements Notifier {
  readonly sent: OutboxMessage[] = [];

  constructor(private readonly print: (line: string) => void = () => {}) {}

  async sendSms(phone: string, message: SmsMessage): Promise<string> {
    return this.record(phone, message);
  }

  async notifySupervisors(message: SmsMessage): Promise<string> {
    return this.record('supervisors', message);
  }

  private record(to: string, { template, params, text }: SmsMessage): string {
    const id = `local-${this.sent.length + 1}`;
    this.sent.push({ id, to, template, params, text, at: new Date() });
    this.print(`SMS → ${to}: ${text}`);
    return id;
  }
}
