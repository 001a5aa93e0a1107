import type { NotificationEvent } from '../../shared/domain/notification.js';
import { logger } from '../../shared/logger.js';
import { queueHandler } from '../../shared/runtime/queue-handler.js';

/**
 * PLACEHOLDER (fanout branch): the push queue's consumer is the preferences helper's (an INBOX item
 * per person); its merge replaces this file.
 */
export const handler = queueHandler<NotificationEvent>('delivering to the inbox', async (_deps, event) => {
  logger.info('deliver-to-inbox placeholder: not delivered', { key: event.key });
});
