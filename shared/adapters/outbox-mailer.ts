import type { EmailMessage } from '../domain/notification-email.js';
import type { Mailer } from './mailer.js';
import { stamp, type OutboxTime } from './outbox-notifier.js';

/** An e-mail as the local outbox keeps it. */
export interface SentEmail extends EmailMessage {
  id: string;
  to: string;
  at: Date;
}

/** The local run's mailer: keeps every e-mail for tests and demos, and prints each one's subject, like the SMS outbox. */
export class OutboxMailer implements Mailer {
  readonly sent: SentEmail[] = [];

  constructor(
    private readonly print: (line: string) => void,
    private readonly time: OutboxTime,
  ) {}

  async sendEmail(to: string, email: EmailMessage): Promise<string> {
    const id = `local-email-${this.sent.length + 1}`;
    const at = this.time.clock.now();
    this.sent.push({ id, to, at, ...email });
    this.print(`${stamp(at, this.time.timeZone)}e-mail → ${to}: ${email.subject}`);
    return id;
  }
}
