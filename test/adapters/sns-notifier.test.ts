import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../shared/adapters/sns-notifier.js';
import { renderSms } from '../../shared/domain/sms-templates.js';
import { queuedSms } from '../../shared/domain/sms.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:cn-north-1:123456789012:sanzhang-supervisors';
const notifier = new SnsNotifier(new SNSClient({ region: 'cn-north-1' }), TOPIC);

const assigned = renderSms('【绿园三长】', 'assigned', ['ABC123', '下水疏通', '11', '23', '12:00']);
const overdue = renderSms('【绿园三长】', 'overdue', ['ABC123', '下水疏通']);

beforeEach(() => {
  sns.reset();
});
afterAll(() => {
  sns.restore();
});

describe('SnsNotifier', () => {
  it('sends the rendered text straight to the phone, as a transactional message, and returns the message id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });

    const id = await notifier.sendSms('+8610012345678', assigned);

    expect(id).toBe('msg-1');
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      PhoneNumber: '+8610012345678',
      Message: '【绿园三长】新诉求ABC123:下水疏通,请于11月23日12:00前受理。',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
  });

  it('never sends an SMS to a topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-2' });

    await notifier.sendSms('+8610012345678', assigned);

    expect(sns.commandCalls(PublishCommand, { TopicArn: TOPIC })).toHaveLength(0);
  });

  it('fans a message out to the supervisors through the topic and returns the message id', async () => {
    sns.on(PublishCommand, { TopicArn: TOPIC }).resolves({ MessageId: 'topic-msg-1' });

    const id = await notifier.notifySupervisors(overdue);

    expect(id).toBe('topic-msg-1');
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ TopicArn: TOPIC, Message: overdue.text });
  });

  it('sends the text of a message queued before templates, which has no template', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'msg-3' });

    await notifier.sendSms('+8610012345678', queuedSms({ text: '【绿园三长】诉求升级至您' }));

    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message).toBe('【绿园三长】诉求升级至您');
  });

  it('lets a failed publish reach the caller, so the message stays queued', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling'));

    await expect(notifier.sendSms('+8610012345678', assigned)).rejects.toThrow('Throttling');
  });
});
