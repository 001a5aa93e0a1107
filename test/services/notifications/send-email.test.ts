import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/notifications/send-email.js';
import { synthesizeDistrict } from '../../../infra/synthesize.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../../local/dynamodb-local.js';
import { tableDefinitions } from '../../../local/synthesized-template.js';
import type { Mailer } from '../../../shared/adapters/mailer.js';
import { OutboxMailer } from '../../../shared/adapters/outbox-mailer.js';
import { OutboxNotifier } from '../../../shared/adapters/outbox-notifier.js';
import { EmailRefusedError } from '../../../shared/adapters/ses-mailer.js';
import type { Workflow } from '../../../shared/adapters/workflow.js';
import { ManualClock } from '../../../shared/domain/clock.js';
import type { NotificationEvent } from '../../../shared/domain/notification.js';
import { useDependencies, type Dependencies } from '../../../shared/runtime/dependencies.js';
import { sendNotificationEmail } from '../../../shared/services/notifications/send-email.js';
import { createDocumentClient } from '../../../shared/store/document-client.js';
import { putPerson } from '../../../shared/store/hierarchy-store.js';
import { keys } from '../../../shared/store/keys.js';
import { CLAIM_TIMEOUT_MS, claimEmail } from '../../../shared/store/outbox-store.js';
import type { DistrictTable } from '../../../shared/store/table.js';
import { config } from '../../support/fixtures.js';
import { sqsEvent as sqs, sqsRecord } from '../../support/sqs-event.js';

/**
 * The e-mail channel on DynamoDB Local with the synthesized table: once per message whatever SQS
 * redelivers (the claim beside the SMS's status), what it skips, and what a failure leaves.
 */
let dynamoDb: RunningDynamoDb;
let table: DistrictTable;
const clock = new ManualClock(new Date('2026-12-02T14:00:00Z'));
const mail = new OutboxMailer(() => {}, { clock, timeZone: config.district.timeZone });
const depsWith = (mailer: Mailer): Dependencies => ({
  config,
  clock,
  table,
  notifier: new OutboxNotifier(),
  workflow: {} as Workflow,
  mailer,
});

beforeAll(async () => {
  const definition = tableDefinitions(synthesizeDistrict(config))[0]!;
  dynamoDb = await startDynamoDbLocal();
  await createTables(dynamoDb.endpoint, [definition]);
  table = { db: createDocumentClient({ endpoint: dynamoDb.endpoint }), name: definition.TableName };
  await putPerson(
    table,
    { id: 'staff-mail', name: '社区干事', phone: '+8613900000009', email: 'staff@lvyuan.example.cn' },
    'create',
  );
  await putPerson(table, { id: 'staff-nomail', name: '街道干事', phone: '+8613900000008' }, 'create');
}, 300_000);
afterAll(async () => {
  table?.db.destroy();
  await dynamoDb?.stop();
});
afterEach(() => useDependencies(undefined));

let made = 0;
/** A stored message for a staff member (the outbox's item shape, already sent by SMS) and its event. */
async function storedMessage(personId: string, overrides: Partial<NotificationEvent> = {}) {
  const key = `email-test-${++made}`;
  const at = keys.message('R-20261202-0001', key);
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...at,
        type: 'message',
        key,
        kind: 'escalation',
        text: '【绿园三长】紧急诉求ABC123(下水疏通)因超时已升级至您处,请于12月3日18:00前处理。',
        to: { kind: 'phone', phone: '+8613900000009', personId },
        urgent: true,
        status: 'sent',
        queuedAt: clock.now().toISOString(),
      },
    }),
  );
  const event: NotificationEvent = {
    message: at,
    key,
    kind: 'escalation',
    urgent: true,
    district: config.district.id,
    place: { community: 'cm-yinrong' },
    recipientRole: 'staff',
    personId,
    channels: ['sms', 'push', 'email'],
    ...overrides,
  };
  return event;
}
const stored = async (event: NotificationEvent) =>
  (await table.db.send(new GetCommand({ TableName: table.name, Key: event.message }))).Item;

const record = (event: NotificationEvent, messageId: string) => sqsRecord(JSON.stringify(event), messageId);
const consume = (event: SQSEvent, mailer: Mailer = mail) => {
  useDependencies(depsWith(mailer));
  return handler(event);
};

describe('send-email', () => {
  it('e-mails the person once, in Chinese, and marks it beside the SMS’s status: a redelivered event sends nothing', async () => {
    const event = await storedMessage('staff-mail');
    const before = mail.sent.length;
    expect(await consume(sqs(record(event, 'm1'), record(event, 'm1-again')))).toEqual({
      batchItemFailures: [],
    });
    expect(await consume(sqs(record(event, 'm1-later')))).toEqual({ batchItemFailures: [] });
    expect(mail.sent.slice(before)).toEqual([
      {
        id: expect.any(String),
        to: 'staff@lvyuan.example.cn',
        at: clock.now(),
        subject: '【绿园三长】紧急:诉求已升级',
        body: '紧急诉求ABC123(下水疏通)因超时已升级至您处,请于12月3日18:00前处理。\n\n此邮件由三长联动系统自动发送,请勿直接回复。',
      },
    ]);
    expect(await stored(event)).toMatchObject({
      status: 'sent',
      emailStatus: 'sent',
      emailSentAt: clock.now().toISOString(),
      emailMessageId: mail.sent.at(-1)!.id,
    });
  });

  it('skips an event without e-mail, and a person with no address on record, sending nothing', async () => {
    const notChosen = await storedMessage('staff-mail', { channels: ['sms', 'push'] });
    const noAddress = await storedMessage('staff-nomail');
    useDependencies(undefined);
    const deps = depsWith(mail);
    const before = mail.sent.length;
    expect(await sendNotificationEmail(deps, notChosen)).toBe('skipped');
    expect(await sendNotificationEmail(deps, noAddress)).toBe('skipped');
    expect(mail.sent.length).toBe(before);
    expect((await stored(noAddress))?.emailStatus).toBeUndefined();
  });

  it('fails the record of a message not stored or not the event’s person’s, sending nothing', async () => {
    const event = await storedMessage('staff-mail');
    const before = mail.sent.length;
    const answer = await consume(
      sqs(
        record({ ...event, message: keys.message('R-20261202-0001', 'never-stored') }, 'missing'),
        record({ ...event, personId: 'staff-nomail' }, 'someone-elses'),
      ),
    );
    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      'missing',
      'someone-elses',
    ]);
    expect(mail.sent.length).toBe(before);
  });

  it('fails the record while another sender holds the claim, and sends once the claim has expired', async () => {
    const event = await storedMessage('staff-mail');
    const deps = depsWith(mail);
    expect(await claimEmail(table, event.message, clock.now().toISOString())).toBe(true);
    const before = mail.sent.length;
    expect(await consume(sqs(record(event, 'c1')))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'c1' }],
    });
    expect(mail.sent.length).toBe(before);
    const later = new ManualClock(new Date(clock.now().getTime() + CLAIM_TIMEOUT_MS));
    expect(await sendNotificationEmail({ ...deps, clock: later }, event)).toBe('sent');
    expect(mail.sent.length).toBe(before + 1);
  });

  it('lets the claim go when SES fails for now, so the redelivery sends it; a refusal is final', async () => {
    const throttled = await storedMessage('staff-mail');
    const failing: Mailer = { sendEmail: () => Promise.reject(new Error('Maximum sending rate exceeded')) };
    expect(await consume(sqs(record(throttled, 't1')), failing)).toEqual({
      batchItemFailures: [{ itemIdentifier: 't1' }],
    });
    expect(await stored(throttled)).toMatchObject({ emailError: 'Error: Maximum sending rate exceeded' });
    expect((await stored(throttled))?.emailStatus).toBeUndefined();
    expect(await consume(sqs(record(throttled, 't1')))).toEqual({ batchItemFailures: [] });
    expect((await stored(throttled))?.emailStatus).toBe('sent');

    const rejected = await storedMessage('staff-mail');
    const refusing: Mailer = {
      sendEmail: () => Promise.reject(new EmailRefusedError('MessageRejected', 'not verified')),
    };
    expect(await consume(sqs(record(rejected, 'r1')), refusing)).toEqual({ batchItemFailures: [] });
    const before = mail.sent.length;
    expect(await consume(sqs(record(rejected, 'r1-again')))).toEqual({ batchItemFailures: [] });
    expect(mail.sent.length).toBe(before);
    expect(await stored(rejected)).toMatchObject({ emailStatus: 'refused' });
  });
});
