import { notificationEvent } from '../../shared/domain/notification-event.js';
import { logger } from '../../shared/logger.js';
import { queueHandler } from '../../shared/runtime/queue-handler.js';

/**
 * PLACEHOLDER (fanout branch): the SMS queue's consumer is the outbox's (it claims the stored message,
 * sends it through the notifier and marks it sent); its merge replaces this file. Until then nothing
 * writes message items, so nothing reaches this queue.
 */
export const handler = queueHandler('sending an SMS', notificationEvent, async (_deps, event) => {
  logger.info('send-sms placeholder: not sent', { key: event.key });
});
