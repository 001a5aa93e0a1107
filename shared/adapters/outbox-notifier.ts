import type { Notifier } from './notifier.js';

export interface OutboxMessage {
  id: string;
  to: string;
  text: string;
  at: Date;
}

/** The local notifier: keeps every message for tests and demos, and prints each SMS. */
export class OutboxNotifier implements Notifier {
  readonly sent: OutboxMessage[] = [];

  constructor(private readonly print: (line: string) => void = () => {}) {}

  async sendSms(phone: string, text: string): Promise<string> {
    return this.record(phone, text);
  }

  async notifySupervisors(text: string): Promise<string> {
    return this.record('supervisors', text);
  }

  private record(to: string, text: string): string {
    const id = `local-${this.sent.length + 1}`;
    this.sent.push({ id, to, text, at: new Date() });
    this.print(`SMS → ${to}: ${text}`);
    return id;
  }
}
