import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importDemoDistrict } from '../../../demo/demo-import.js';
import { handler as sendSms } from '../../../functions/notifications/send-sms.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../../local/dynamodb-local.js';
import { tableDefinitions } from '../../../local/synthesized-template.js';
import { synthesizeDistrict } from '../../../infra/synthesize.js';
import type { Notifier } from '../../../shared/adapters/notifier.js';
import { OutboxNotifier } from '../../../shared/adapters/outbox-notifier.js';
import { SmsProviderUnavailableError, SmsRefusedError } from '../../../shared/adapters/sms-errors.js';
import type { Workflow } from '../../../shared/adapters/workflow.js';
import { ManualClock } from '../../../shared/domain/clock.js';
import type { NotificationEvent } from '../../../shared/domain/notification.js';
import { renderSms } from '../../../shared/domain/sms-templates.js';
import type { SmsMessage } from '../../../shared/domain/sms.js';
import { useDependencies, type Dependencies } from '../../../shared/runtime/dependencies.js';
import { releaseDueMessages } from '../../../shared/services/notifications/release-messages.js';
import {
  backoffMs,
  MAX_ATTEMPTS,
  sendQueuedMessage,
} from '../../../shared/services/notifications/send-message.js';
import { createDocumentClient } from '../../../shared/store/document-client.js';
import { keys } from '../../../shared/store/keys.js';
import { recordDeliveryReport } from '../../../shared/store/sms-delivery-store.js';
import {
  getMessage,
  messageKey,
  messagesOf,
  messagesOfDay,
  pendingMessages,
  putMessage,
  type MessageKey,
  type NewMessage,
} from '../../../shared/store/outbox-store.js';
import { listMessages } from '../../../shared/services/notifications/messages-view.js';
import { chainOf, config, district, household, shanghai } from '../../support/fixtures.js';

/**
 * The outbox on DynamoDB Local with the synthesized table: a message is sent at most once (claimed
 * first), held through quiet hours, retried with a backoff, refused or given up for good, and
 * released by the sweep, with the morning digest or without.
 */
let dynamoDb: RunningDynamoDb;
let deps: Dependencies;
const clock = new ManualClock(shanghai('2026-12-02 10:00'));

/** The outbox notifier, failing the next sends with the errors it is given. */
class FlakyNotifier implements Notifier {
  readonly outbox = new OutboxNotifier();
  failures: Error[] = [];
  /** Resolves each send only when told to: two senders in the provider call at once. */
  gate: Promise<void> | undefined;

  async sendSms(phone: string, message: SmsMessage) {
    await this.gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    return this.outbox.sendSms(phone, message);
  }

  async notifySupervisors(message: SmsMessage) {
    return this.outbox.notifySupervisors(message);
  }
}
let notifier: FlakyNotifier;

beforeAll(async () => {
  const definition = tableDefinitions(synthesizeDistrict(config))[0]!;
  dynamoDb = await startDynamoDbLocal();
  await createTables(dynamoDb.endpoint, [definition]);
  const table = { db: createDocumentClient({ endpoint: dynamoDb.endpoint }), name: definition.TableName };
  await importDemoDistrict(table);
  table.db.destroy();
  deps = {
    config,
    clock,
    table: {
      db: createDocumentClient({ endpoint: dynamoDb.endpoint }),
      name: definition.TableName,
      timeZone: config.district.timeZone,
    },
    notifier: new FlakyNotifier(),
    workflow: {} as Workflow,
  };
}, 120_000);
afterAll(async () => {
  useDependencies(undefined);
  deps?.table.db.destroy();
  await dynamoDb?.stop();
});
beforeEach(() => {
  notifier = new FlakyNotifier();
  deps.notifier = notifier;
  clock.set(shanghai('2026-12-02 10:00'));
});

let made = 0;
const SMS = renderSms(config.sms.signature, 'assigned', ['ABC123', '下水疏通', '12', '3', '10:00']);

/** A new message to a leader about a request of its own (each test its own request partition). */
function message(overrides: Partial<NewMessage> = {}): NewMessage {
  made++;
  return {
    key: `1#p-${made}`,
    to: { kind: 'phone', phone: `+86138000${String(made).padStart(5, '0')}`, personId: `p-${made}` },
    ...SMS,
    urgent: false,
    kind: 'assignment',
    recipientRole: 'leader',
    place: { community: 'cm-yinrong', grid: 'g-yinrong-1', level: 'unit' },
    requestId: `R-${made}`,
    ...overrides,
  };
}

async function queue(newMessage: NewMessage, owner = keys.requestPartition(newMessage.requestId ?? 'x')) {
  expect(await putMessage(deps.table, owner, newMessage, clock.now().toISOString())).toBe(true);
  return messageKey(owner, newMessage.key);
}

const stored = async (at: MessageKey) => (await getMessage(deps.table, at))!;

describe('the message item', () => {
  it('is queued once, due at once, on the pending index (looked at after 5 minutes) and the day listing', async () => {
    const newMessage = message();
    const at = await queue(newMessage);
    expect(await putMessage(deps.table, at.PK, newMessage, clock.now().toISOString())).toBe(false);
    expect(await stored(at)).toMatchObject({
      type: 'message',
      status: 'queued',
      kind: 'assignment',
      recipientRole: 'leader',
      queuedAt: '2026-12-02T02:00:00.000Z',
      dueAt: '2026-12-02T02:00:00.000Z',
      attempts: 0,
    });
    const { Item: raw } = await deps.table.db.send(new GetCommand({ TableName: deps.table.name, Key: at }));
    expect(raw).toMatchObject({
      GSI4PK: 'OUTBOX#pending',
      GSI4SK: `2026-12-02T02:05:00.000Z#${newMessage.key}`,
      GSI2PK: 'OUTBOX#2026-12-02',
      GSI2SK: `2026-12-02T02:00:00.000Z#${newMessage.key}`,
    });
    const pendingNow = await pendingMessages(deps.table, '2026-12-02T02:04:59.000Z');
    expect(pendingNow.map((pending) => pending.key)).not.toContain(newMessage.key);
    const leftBehind = await pendingMessages(deps.table, '2026-12-02T02:05:00.000Z');
    expect(leftBehind.map((pending) => pending.key)).toContain(newMessage.key);
  });

  it('is listed by the day it was queued on in the district zone, by status', async () => {
    clock.set(shanghai('2026-12-05 23:50')); // 15:50 UTC: the 5th in Shanghai
    const sent = await queue(message({ urgent: true }));
    const held = await queue(message());
    await sendQueuedMessage(deps, sent);
    await sendQueuedMessage(deps, held);
    const day = await messagesOfDay(deps.table, { day: '2026-12-05', limit: 50 });
    expect(day.items.map((item) => item.status).sort()).toEqual(['held', 'sent']);
    const onlyHeld = await messagesOfDay(deps.table, { day: '2026-12-05', status: 'held', limit: 50 });
    expect(onlyHeld.items.map((item) => item.at)).toEqual([held]);
    expect((await messagesOfDay(deps.table, { day: '2026-12-06', limit: 50 })).items).toEqual([]);
  });
});

describe('sendQueuedMessage', () => {
  it('sends a due message, marks it sent with its provider id and takes it off the pending index', async () => {
    const at = await queue(message());
    expect(await sendQueuedMessage(deps, at)).toBe('sent');
    expect(notifier.outbox.sent).toHaveLength(1);
    expect(await stored(at)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: 'local-1',
      sentAt: '2026-12-02T02:00:00.000Z',
    });
    clock.set(shanghai('2026-12-03 10:00'));
    expect((await pendingMessages(deps.table, clock.now().toISOString())).map((m) => m.key)).not.toContain(
      (await stored(at)).key,
    );
  });

  it('moves a sent message to delivered or failed by the delivery report its provider id points to', async () => {
    const delivered = await queue(message());
    const failed = await queue(message());
    await sendQueuedMessage(deps, delivered);
    await sendQueuedMessage(deps, failed);
    const [first, second] = notifier.outbox.sent.map((sms) => sms.id);
    const report = (providerMessageId: string, status: 'delivered' | 'failed') =>
      recordDeliveryReport(deps.table, {
        providerMessageId,
        status,
        at: '2026-12-02T02:01:00.000Z',
        code: 'X',
      });
    expect(await report(first!, 'delivered')).toBe('recorded');
    expect(await report(second!, 'failed')).toBe('recorded');
    expect(await report(second!, 'delivered')).toBe('replayed');
    expect(await stored(delivered)).toMatchObject({ status: 'delivered' });
    expect(await stored(failed)).toMatchObject({ status: 'failed' });
  });

  it('sends one SMS for the same SQS record delivered twice', async () => {
    const newMessage = message();
    const at = await queue(newMessage);
    const event: NotificationEvent = {
      message: at,
      key: newMessage.key,
      kind: 'assignment',
      urgent: false,
      district: config.district.id,
      place: newMessage.place,
      recipientRole: 'leader',
      personId: 'p-x',
      channels: ['sms', 'push'],
    };
    const record = { messageId: 'sqs-1', body: JSON.stringify(event) };
    useDependencies(deps);
    const first = await sendSms({ Records: [record] } as SQSEvent);
    const again = await sendSms({ Records: [record] } as SQSEvent);
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(notifier.outbox.sent).toHaveLength(1);
  });

  it('sends one SMS for two senders of one message at once', async () => {
    const at = await queue(message());
    let open = () => {};
    notifier.gate = new Promise((resolve) => (open = resolve));
    const both = Promise.all([sendQueuedMessage(deps, at), sendQueuedMessage(deps, at)]);
    setTimeout(open, 50);
    expect((await both).sort()).toEqual(['sent', 'skipped']);
    expect(notifier.outbox.sent).toHaveLength(1);
  });

  it('holds a message that is not urgent in quiet hours until they end, and sends it then', async () => {
    clock.set(shanghai('2026-12-02 22:15'));
    const at = await queue(message());
    expect(await sendQueuedMessage(deps, at)).toBe('held');
    expect(await stored(at)).toMatchObject({
      status: 'held',
      heldUntil: shanghai('2026-12-03 07:30').toISOString(),
      dueAt: shanghai('2026-12-03 07:30').toISOString(),
    });
    expect(await sendQueuedMessage(deps, at)).toBe('skipped');
    clock.set(shanghai('2026-12-03 07:29'));
    expect(await sendQueuedMessage(deps, at)).toBe('skipped');
    clock.set(shanghai('2026-12-03 07:30'));
    expect(await sendQueuedMessage(deps, at)).toBe('sent');
    expect(notifier.outbox.sent).toHaveLength(1);
  });

  it('sends an urgent message and the supervisors’ in quiet hours at once', async () => {
    clock.set(shanghai('2026-12-02 23:00'));
    const urgent = await queue(message({ urgent: true }));
    const supervisors = await queue(
      message({ to: { kind: 'supervisors' }, recipientRole: 'supervisors', urgent: true, kind: 'overdue' }),
    );
    expect(await sendQueuedMessage(deps, urgent)).toBe('sent');
    expect(await sendQueuedMessage(deps, supervisors)).toBe('sent');
    expect(notifier.outbox.sent.map((sms) => sms.to)).toEqual([
      expect.stringMatching(/^\+86/),
      'supervisors',
    ]);
  });

  it('queues a message again after a retryable failure, due after the backoff, and rethrows', async () => {
    const at = await queue(message());
    notifier.failures = [
      new SmsProviderUnavailableError('LimitExceeded'),
      new SmsProviderUnavailableError('x'),
    ];
    await expect(sendQueuedMessage(deps, at)).rejects.toThrow(SmsProviderUnavailableError);
    expect(await stored(at)).toMatchObject({
      status: 'queued',
      attempts: 1,
      dueAt: '2026-12-02T02:00:30.000Z',
      lastError: expect.stringContaining('LimitExceeded'),
    });
    expect(await sendQueuedMessage(deps, at)).toBe('skipped');
    clock.advanceMinutes(1);
    await expect(sendQueuedMessage(deps, at)).rejects.toThrow();
    expect(await stored(at)).toMatchObject({ attempts: 2, dueAt: '2026-12-02T02:02:00.000Z' });
    clock.advanceMinutes(1);
    expect(await sendQueuedMessage(deps, at)).toBe('sent');
    expect(notifier.outbox.sent).toHaveLength(1);
  });

  it('backs off 30 s, doubling, at most 30 minutes', () => {
    expect([1, 2, 3, 4, 7, 8].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_800_000, 1_800_000,
    ]);
  });

  it('gives a message up after its last attempt', async () => {
    const at = await queue(message());
    notifier.failures = Array.from({ length: MAX_ATTEMPTS }, () => new Error('socket hang up'));
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await expect(sendQueuedMessage(deps, at)).rejects.toThrow('socket hang up');
      clock.advanceMinutes(30);
    }
    expect(await sendQueuedMessage(deps, at)).toBe('failed');
    expect(await stored(at)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    clock.advanceMinutes(60);
    expect(await sendQueuedMessage(deps, at)).toBe('skipped');
    expect(notifier.outbox.sent).toHaveLength(0);
  });

  it('marks a message the provider refuses refused, and never sends it again', async () => {
    const at = await queue(message());
    notifier.failures = [
      new SmsRefusedError('FailedOperation.TemplateIncorrectOrUnapproved', 'not approved'),
    ];
    expect(await sendQueuedMessage(deps, at)).toBe('refused');
    expect(await stored(at)).toMatchObject({
      status: 'refused',
      refusedCode: 'FailedOperation.TemplateIncorrectOrUnapproved',
    });
    expect(await sendQueuedMessage(deps, at)).toBe('skipped');
    expect(notifier.outbox.sent).toHaveLength(0);
  });

  it('sends again a message whose sender died mid-call, once its claim is 10 minutes old', async () => {
    const at = await queue(message());
    let open = () => {};
    notifier.gate = new Promise((resolve) => (open = resolve));
    const dying = sendQueuedMessage(deps, at);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stored(at)).toMatchObject({ status: 'sending' });
    clock.advanceMinutes(9);
    expect(await sendQueuedMessage(deps, at)).toBe('skipped');
    clock.advanceMinutes(1);
    notifier.gate = undefined;
    expect(await sendQueuedMessage(deps, at)).toBe('sent');
    open();
    await dying;
    // The one window in which an SMS goes twice (docs/notifications.md).
    expect(notifier.outbox.sent).toHaveLength(2);
  });

  it('reports a body that is not a notification event as a failed item, sending nothing', async () => {
    useDependencies(deps);
    const answer = await sendSms({
      Records: [
        { messageId: 'bad-1', body: '{"message":', attributes: { ApproximateReceiveCount: '1' } },
        {
          messageId: 'bad-2',
          body: JSON.stringify({ message: { PK: 'REQ#x', SK: 'EVT#1' } }),
          attributes: { ApproximateReceiveCount: '1' },
        },
      ],
    } as SQSEvent);
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }, { itemIdentifier: 'bad-2' }]);
    expect(notifier.outbox.sent).toHaveLength(0);
  });
});

describe('releaseDueMessages', () => {
  /** Each test of the sweep starts from an empty pending index: what earlier tests left is sent first. */
  beforeEach(async () => {
    clock.set(shanghai('2027-01-01 12:00'));
    await releaseDueMessages(deps);
    notifier.outbox.sent.length = 0;
  });

  async function holdOvernight(messages: NewMessage[], owner?: (m: NewMessage) => string) {
    clock.set(shanghai('2027-01-01 22:00'));
    const at: MessageKey[] = [];
    for (const newMessage of messages) {
      const queued = await queue(newMessage, owner?.(newMessage));
      expect(await sendQueuedMessage(deps, queued)).toBe('held');
      at.push(queued);
    }
    clock.set(shanghai('2027-01-02 07:30'));
    return at;
  }

  it('sends each held message when quiet hours end, without the digest', async () => {
    const leader = { kind: 'phone' as const, phone: '+8613800099001', personId: 'p-night' };
    const held = await holdOvernight([message({ to: leader }), message({ to: leader })]);
    const counts = await releaseDueMessages({
      ...deps,
      config: { ...config, sms: { ...config.sms, digest: false } },
    });
    expect(counts).toMatchObject({ sent: 2, digests: 0, merged: 0 });
    expect(notifier.outbox.sent.map((sms) => sms.text)).toEqual([SMS.text, SMS.text]);
    for (const at of held) expect(await stored(at)).toMatchObject({ status: 'sent' });
  });

  it('sends a person’s held messages as one digest, and a lone one as it is', async () => {
    expect(config.sms.digest).toBe(true);
    const leader = { kind: 'phone' as const, phone: '+8613800099002', personId: 'p-digest' };
    const other = { kind: 'phone' as const, phone: '+8613800099003', personId: 'p-alone' };
    const notice = message({ to: leader, kind: 'notice', noticeId: 'N-1' });
    delete notice.requestId;
    const held = await holdOvernight(
      [message({ to: leader }), message({ to: leader }), notice, message({ to: other })],
      (m) => (m.noticeId ? `NOTICE#${m.noticeId}` : keys.requestPartition(m.requestId!)),
    );
    const counts = await releaseDueMessages(deps);
    expect(counts).toMatchObject({ digests: 1, merged: 3, sent: 2 });
    expect(notifier.outbox.sent.map((sms) => [sms.to, sms.text]).sort()).toEqual(
      [
        [leader.phone, `${config.sms.signature}您有2件诉求、1条通知待处理,详见三长联动页面。`],
        [other.phone, SMS.text],
      ].sort(),
    );
    const digestKey = 'digest:2027-01-02:p-digest';
    for (const at of held.slice(0, 3)) {
      expect(await stored(at)).toMatchObject({ status: 'merged', mergedInto: digestKey });
    }
    const [digest] = await messagesOf(deps.table, keys.digestMessage('2027-01-02', 'p-digest').PK);
    expect(digest).toMatchObject({
      key: digestKey,
      kind: 'digest',
      status: 'sent',
      urgent: false,
      place: { community: 'cm-yinrong' },
    });
    expect(await releaseDueMessages(deps)).toMatchObject({ sent: 0, digests: 0 });
    expect(notifier.outbox.sent).toHaveLength(2);
  });

  it('never puts a resident’s messages in a digest', async () => {
    const resident = { kind: 'phone' as const, phone: '+8613800099004', personId: 'r-night' };
    await holdOvernight([
      message({ to: resident, recipientRole: 'resident', kind: 'request-update' }),
      message({ to: resident, recipientRole: 'resident', kind: 'request-update' }),
    ]);
    expect(await releaseDueMessages(deps)).toMatchObject({ sent: 2, digests: 0 });
  });

  it('sends a message the stream left behind once it is 5 minutes old, and a retry once its backoff passed', async () => {
    const leftBehind = await queue(message());
    const retried = await queue(message());
    notifier.failures = [new SmsProviderUnavailableError('x')];
    await expect(sendQueuedMessage(deps, retried)).rejects.toThrow();
    expect(await releaseDueMessages(deps)).toMatchObject({ sent: 0 });
    clock.advanceMinutes(5);
    expect(await releaseDueMessages(deps)).toMatchObject({ sent: 2 });
    expect(await stored(leftBehind)).toMatchObject({ status: 'sent' });
    expect(await stored(retried)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('listMessages (GET /messages)', () => {
  const home = household();
  const elsewhere = district.households.find(
    (candidate) => candidate.ancestors.street !== home.ancestors.street,
  )!;
  const staffOf = (householdId: string, index: 3 | 4) => chainOf(householdId)[index]!.post!.holderId;
  const day = '2026-12-09';
  const as = (personId: string) =>
    listMessages(deps, { personId, grants: [] }, { day, limit: 50 }).catch((error: Error) => error.name);
  const withGrants = (
    personId: string,
    grants: { role: 'community_staff' | 'street_staff' | 'district_admin'; scope: string }[],
  ) => listMessages(deps, { personId, grants }, { day, limit: 50 });

  beforeAll(async () => {
    clock.set(shanghai(`${day} 10:00`));
    await queue(message({ place: { community: home.ancestors.community, level: 'unit' } }));
    await queue(message({ place: { community: elsewhere.ancestors.community, level: 'unit' } }));
  });

  it('shows community staff their community’s messages, street staff their street’s, admins all', async () => {
    const community = await withGrants(staffOf(home.id, 3), [
      { role: 'community_staff', scope: home.ancestors.community },
    ]);
    expect(community.items.map((item) => item.place.community)).toEqual([home.ancestors.community]);
    const street = await withGrants(staffOf(elsewhere.id, 4), [
      { role: 'street_staff', scope: elsewhere.ancestors.street },
    ]);
    expect(street.items.map((item) => item.place.community)).toEqual([elsewhere.ancestors.community]);
    const admin = await withGrants('p-admin', [{ role: 'district_admin', scope: 'district' }]);
    expect(admin.items.map((item) => item.place.community).sort()).toEqual(
      [home.ancestors.community, elsewhere.ancestors.community].sort(),
    );
    expect(admin).toMatchObject({ day });
    expect(admin.items[0]).toMatchObject({
      status: 'queued',
      kind: 'assignment',
      to: expect.stringMatching(/^\+86/),
    });
  });

  it('refuses leaders and residents', async () => {
    expect(await as('p-nobody')).toBe('ForbiddenError');
  });
});
