import { notificationEvent } from '../../shared/domain/notification-event.js';
import { queueHandler } from '../../shared/runtime/queue-handler.js';
import { sendNotificationEmail } from '../../shared/services/notifications/send-email.js';

/**
 * The e-mail channel (the notifications topic's `channel: email` subscription, raw message
 * delivery): each event's notification is e-mailed to its person at most once; a failure that may
 * pass fails its item, and SQS redelivers it.
 */
export const handler = queueHandler('sending an e-mail', notificationEvent, async (deps, event) => {
  await sendNotificationEmail(deps, event);
});
