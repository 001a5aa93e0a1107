import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { eventAttributes, type NotificationEvent } from '../domain/notification.js';
import type { NotificationTopic } from './notification-topic.js';

/** The district's notifications topic: its subscriptions' filter policies match the attributes. */
export class SnsNotificationTopic implements NotificationTopic {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(event: NotificationEvent): Promise<string> {
    const { MessageId } = await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: eventAttributes(event),
      }),
    );
    return MessageId ?? 'unknown';
  }
}
