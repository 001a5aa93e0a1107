import type { NotificationEvent } from '../domain/notification.js';

/**
 * The notifications topic port: SNS in AWS, the local topic on a laptop (local/local-topic.ts),
 * which plays the deployed subscriptions and their filter policies.
 */
export interface NotificationTopic {
  /** Publishes one notification (body: the event as JSON; attributes: `eventAttributes`); returns the topic's message id. */
  publish(event: NotificationEvent): Promise<string>;
}
