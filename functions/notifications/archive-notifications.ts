import { notificationEvent } from '../../shared/domain/notification-event.js';
import { queueHandler } from '../../shared/runtime/queue-handler.js';
import { archiveNotification } from '../../shared/services/notifications/archive-notification.js';

/** The archive queue (every notification): each is kept as one JSON object per message key. */
export const handler = queueHandler(
  'archiving a notification',
  notificationEvent,
  async (deps, event, record) => {
    // When SQS received it from the topic: the same on every redelivery.
    const publishedAt = new Date(Number(record.attributes.SentTimestamp)).toISOString();
    await archiveNotification(deps.archive, event, publishedAt);
  },
);
