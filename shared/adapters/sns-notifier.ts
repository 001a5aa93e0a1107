import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsMessage } from '../domain/sms.js';
import type { Notifier } from './notifier.js';

export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly supervisorsTopicArn: string,
  ) {}

  /** SNS sends text: the message as rendered from its template, signature included. */
  async sendSms(phone: string, message: SmsMessage): Promise<string> {
    const { MessageId } = await this.sns.send(
      new PublishCommand({
        PhoneNumber: phone,
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        },
      }),
    );
    return MessageId ?? 'unknown';
  }

  async notifySupervisors(message: SmsMessage): Promise<string> {
    const { MessageId } = await this.sns.send(
      new PublishCommand({ TopicArn: this.supervisorsTopicArn, Message: message.text }),
    );
    return MessageId ?? 'unknown';
  }
}
