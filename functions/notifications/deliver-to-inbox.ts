import { notificationEvent } from '../../shared/domain/notification-event.js';
import { queueHandler } from '../../shared/runtime/queue-handler.js';
import { deliverToInbox } from '../../shared/services/notifications/inbox.js';

/** The app channel: the PushQueue's notifications, each into its person's inbox (the leader page lists it). */
export const handler = queueHandler('inbox delivery', notificationEvent, async (deps, event) => {
  await deliverToInbox(deps, event);
});
