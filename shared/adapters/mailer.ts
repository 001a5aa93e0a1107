import type { EmailMessage } from '../domain/notification-email.js';

/** The e-mail port: Amazon SES in AWS, an outbox that prints in the local run. */
export interface Mailer {
  /** Sends one e-mail to one address; returns the provider's message id. */
  sendEmail(to: string, email: EmailMessage): Promise<string>;
}
