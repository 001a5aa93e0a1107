import { EmailRefusedError } from '../../adapters/ses-mailer.js';
import type { NotificationEvent } from '../../domain/notification.js';
import { notificationEmail } from '../../domain/notification-email.js';
import { logger } from '../../logger.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getPerson } from '../../store/hierarchy-store.js';
import { claimEmail, getMessage, markEmailDone, releaseEmailClaim } from '../../store/outbox-store.js';

export type EmailOutcome = 'sent' | 'skipped' | 'refused';

/**
 * The e-mail channel: sends the notification an event names to its person's address, at most
 * once. The stored message gives the text (the SMS's, the same the app shows) and its e-mail
 * progress: claimed before sending (one claim wins), marked sent after, so a redelivered event or
 * a republished one sends nothing; one that finds it claimed fails, to be received again (the
 * claim of a sender that died expires after CLAIM_TIMEOUT_MS, and then the redelivery sends it). No quiet hours: an e-mail wakes nobody. Skipped: events without
 * e-mail or without a person, a person whose record has no address (any more). A refusal is final;
 * any other failure lets the claim go and fails the record, so SQS delivers it again (then the
 * dead-letter queue, which alarms).
 */
export async function sendNotificationEmail(
  deps: Dependencies,
  event: NotificationEvent,
): Promise<EmailOutcome> {
  const about = { key: event.key, kind: event.kind };
  if (!event.channels.includes('email') || event.personId === undefined) {
    logger.info('e-mail: not for this channel', about);
    return 'skipped';
  }
  if (!deps.mailer) throw new Error('this function has no mailer (EMAIL_FROM)');
  const [message, person] = await Promise.all([
    getMessage(deps.table, event.message),
    getPerson(deps.table, event.personId),
  ]);
  if (!message) throw new Error(`The message ${event.message.PK} ${event.message.SK} is not stored.`);
  // The event and the message it names agree on whose it is: nobody gets another's notification.
  if (message.to.kind !== 'phone' || message.to.personId !== event.personId) {
    throw new Error(`The message ${event.key} is not for the event's person.`);
  }
  if (!person?.email) {
    logger.warn('e-mail: the person has no address on record; not sent', about);
    return 'skipped';
  }
  if (message.emailStatus === 'sent' || message.emailStatus === 'refused') {
    logger.info('e-mail: already done', { ...about, emailStatus: message.emailStatus });
    return 'skipped';
  }
  const now = deps.clock.now().toISOString();
  if (!(await claimEmail(deps.table, event.message, now))) {
    // Another sender holds it: if it dies before sending, the claim expires and a redelivery sends it.
    throw new Error(`The e-mail of ${event.key} is being sent by another sender; try again later.`);
  }
  const email = notificationEmail(event, message.text, deps.config.sms.signature);
  let messageId: string;
  try {
    messageId = await deps.mailer.sendEmail(person.email, email);
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (error instanceof EmailRefusedError) {
      await markEmailDone(deps.table, event.message, { status: 'refused', at: now, error: why });
      logger.warn('e-mail refused; not sent again', { ...about, code: error.code });
      return 'refused';
    }
    await releaseEmailClaim(deps.table, event.message, why);
    throw error;
  }
  await markEmailDone(deps.table, event.message, {
    status: 'sent',
    at: deps.clock.now().toISOString(),
    messageId,
  });
  logger.info('e-mail sent', about);
  return 'sent';
}
