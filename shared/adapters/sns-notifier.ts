import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier } from './notifier.js';

export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly supervisorsTopicArn: string,
  ) {}

  async sendSms(phone: string, text: string): Promise<string> {
    const { MessageId } = await this.sns.send(
      new PublishCommand({
        PhoneNumber: phone,
        Message: text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        },
      }),
    );
    return MessageId ?? 'unknown';
  }

  async notifySupervisors(text: string): Promise<string> {
    const { MessageId } = await this.sns.send(
      new PublishCommand({ TopicArn: this.supervisorsTopicArn, Message: text }),
    );
    return MessageId ?? 'unknown';
  }
}
