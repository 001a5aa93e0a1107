import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsNotificationTopic } from '../../shared/adapters/sns-notification-topic.js';
import type { NotificationEvent } from '../../shared/domain/notification.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws-cn:sns:cn-north-1:123456789012:Sanzhang-lvyuan-NotificationsTopic';
const topic = new SnsNotificationTopic(new SNSClient({ region: 'cn-north-1' }), TOPIC);

const event: NotificationEvent = {
  message: { PK: 'REQ#r1', SK: 'MSG#assigned:r1:v1:p1' },
  key: 'assigned:r1:v1:p1',
  kind: 'assignment',
  urgent: true,
  district: 'lvyuan',
  place: { community: 'cm-yinrong', grid: 'gd-yinrong-1', building: 'bd-3', level: 'unit' },
  recipientRole: 'leader',
  personId: 'p1',
  channels: ['sms', 'push'],
};

beforeEach(() => {
  sns.reset();
});
afterAll(() => {
  sns.restore();
});

describe('SnsNotificationTopic', () => {
  it('publishes the event as JSON to the topic, with the attributes the filter policies match', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });

    expect(await topic.publish(event)).toBe('sns-1');

    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      TopicArn: TOPIC,
      Message: JSON.stringify(event),
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'assignment' },
        urgency: { DataType: 'String', StringValue: 'urgent' },
        district: { DataType: 'String', StringValue: 'lvyuan' },
        recipientRole: { DataType: 'String', StringValue: 'leader' },
        channel: { DataType: 'String.Array', StringValue: '["sms","push"]' },
        community: { DataType: 'String', StringValue: 'cm-yinrong' },
        grid: { DataType: 'String', StringValue: 'gd-yinrong-1' },
        building: { DataType: 'String', StringValue: 'bd-3' },
        level: { DataType: 'String', StringValue: 'unit' },
      },
    });
  });

  it('never publishes to a phone number', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    await topic.publish({ ...event, place: {} });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.PhoneNumber).toBeUndefined();
    expect(Object.keys(input.MessageAttributes ?? {})).toEqual([
      'kind',
      'urgency',
      'district',
      'recipientRole',
      'channel',
    ]);
  });

  it('lets a failed publish throw, for the stream to retry', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling'));
    await expect(topic.publish(event)).rejects.toThrow('Throttling');
  });
});
