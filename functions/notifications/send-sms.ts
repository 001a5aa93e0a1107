import { queueHandler } from '../../shared/runtime/queue-handler.js';
import { notificationEvent } from '../../shared/domain/notification-event.js';
import { sendQueuedMessage } from '../../shared/services/notifications/send-message.js';

/**
 * The SMS queue (the notifications topic's `channel: sms` subscription, raw message delivery): each
 * event's stored message is sent at most once; a retryable failure fails its item, and SQS redelivers it.
 */
export const handler = queueHandler('sending an SMS', notificationEvent, (deps, event) =>
  sendQueuedMessage(deps, event.message),
);
