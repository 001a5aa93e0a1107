import {
  SendEmailCommand,
  SESv2Client,
  TooManyRequestsException,
  MessageRejected,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { EmailRefusedError, SesMailer } from '../../shared/adapters/ses-mailer.js';

const ses = mockClient(SESv2Client);
const mailer = new SesMailer(new SESv2Client({ region: 'ap-east-1' }), 'noreply@lvyuan.example.cn');
const email = {
  subject: '【绿园三长】紧急:诉求已升级',
  body: '诉求ABC123已升级至您处。\n\n此邮件由三长联动系统自动发送,请勿直接回复。',
};

beforeEach(() => ses.reset());
afterAll(() => ses.restore());

describe('SesMailer', () => {
  it('sends one plain-text UTF-8 e-mail from the district’s sender to one address', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await mailer.sendEmail('staff@lvyuan.example.cn', email)).toBe('ses-1');
    expect(ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input)).toEqual([
      {
        FromEmailAddress: 'noreply@lvyuan.example.cn',
        Destination: { ToAddresses: ['staff@lvyuan.example.cn'] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.body, Charset: 'UTF-8' } },
          },
        },
      },
    ]);
  });

  it('names a refusal that sending again would not change, and rethrows what may pass', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));
    const refused = await mailer.sendEmail('x@y.cn', email).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EmailRefusedError);
    expect((refused as EmailRefusedError).code).toBe('MessageRejected');
    const throttled = new TooManyRequestsException({
      message: 'Maximum sending rate exceeded.',
      $metadata: {},
    });
    ses.reset().on(SendEmailCommand).rejects(throttled);
    await expect(mailer.sendEmail('x@y.cn', email)).rejects.toBe(throttled);
  });
});
