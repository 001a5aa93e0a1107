import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailMessage } from '../domain/notification-email.js';
import type { Mailer } from './mailer.js';

/**
 * SES's answers that sending again changes nothing: the message or an address rejected, the
 * sender's domain not verified, the account not allowed to send. Anything else (throttling, a
 * quota that resets, SES unwell) is worth another try.
 */
const REFUSALS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
  'NotFoundException',
  'AccountSuspendedException',
  'SendingPausedException',
]);

/** SES refused the e-mail for good: named by its error. */
export class EmailRefusedError extends Error {
  constructor(
    readonly code: string,
    why: string,
  ) {
    super(`SES refused the e-mail: ${code} (${why})`);
    this.name = 'EmailRefusedError';
  }
}

/** Staff e-mail through Amazon SES (API v2), plain text in UTF-8, from the district's sender. */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
  ) {}

  async sendEmail(to: string, email: EmailMessage): Promise<string> {
    try {
      const { MessageId } = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [to] },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.body, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      return MessageId ?? 'unknown';
    } catch (error) {
      if (error instanceof Error && REFUSALS.has(error.name))
        throw new EmailRefusedError(error.name, error.message);
      throw error;
    }
  }
}
