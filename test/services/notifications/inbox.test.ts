import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/notifications/deliver-to-inbox.js';
import { synthesizeDistrict } from '../../../infra/synthesize.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../../local/dynamodb-local.js';
import { tableDefinitions } from '../../../local/synthesized-template.js';
import { OutboxNotifier } from '../../../shared/adapters/outbox-notifier.js';
import type { Workflow } from '../../../shared/adapters/workflow.js';
import type { Access } from '../../../shared/domain/access.js';
import { ManualClock } from '../../../shared/domain/clock.js';
import { DEFAULT_PREFERENCES, type NotificationEvent } from '../../../shared/domain/notification.js';
import { useDependencies, type Dependencies } from '../../../shared/runtime/dependencies.js';
import { markMyInboxRead, readMyInbox } from '../../../shared/services/notifications/inbox.js';
import { readMyPreferences, setMyPreferences } from '../../../shared/services/notifications/preferences.js';
import { createDocumentClient } from '../../../shared/store/document-client.js';
import { INBOX_DAYS, listInbox, putInboxEntry } from '../../../shared/store/inbox-store.js';
import { keys } from '../../../shared/store/keys.js';
import { getPreferences, readPreferences } from '../../../shared/store/preference-store.js';
import type { DistrictTable } from '../../../shared/store/table.js';
import { config } from '../../support/fixtures.js';
import { sqsEvent as sqs, sqsRecord as record } from '../../support/sqs-event.js';

/**
 * The app channel and a person's choices on DynamoDB Local with the synthesized table: the inbox
 * consumer (once per message, whatever SQS redelivers; a bad record fails alone), the inbox listing
 * and its read mark, and where preferences are kept.
 */
let dynamoDb: RunningDynamoDb;
let table: DistrictTable;
let deps: Dependencies;
const clock = new ManualClock(new Date('2026-12-02T03:00:00Z'));

beforeAll(async () => {
  const definition = tableDefinitions(synthesizeDistrict(config))[0]!;
  dynamoDb = await startDynamoDbLocal();
  await createTables(dynamoDb.endpoint, [definition]);
  table = { db: createDocumentClient({ endpoint: dynamoDb.endpoint }), name: definition.TableName };
  deps = { config, clock, table, notifier: new OutboxNotifier(), workflow: {} as Workflow };
}, 300_000);
afterAll(async () => {
  table?.db.destroy();
  await dynamoDb?.stop();
});
afterEach(() => useDependencies(undefined));

let made = 0;
/** A stored message (the outbox's item shape) and the event the topic would carry for it. */
async function storedMessage(personId: string, overrides: Partial<NotificationEvent> = {}) {
  const key = `inbox-test-${++made}`;
  const at = keys.message('R-20261202-0001', key);
  const queuedAt = new Date(clock.now().getTime() + made * 1000).toISOString();
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...at,
        type: 'message',
        key,
        kind: 'assignment',
        template: 'assigned',
        params: [],
        text: '【绿苑街道】您有新诉求待处理',
        to: { kind: 'phone', phone: '+8613800000000', personId },
        urgent: false,
        requestId: 'R-20261202-0001',
        status: 'queued',
        queuedAt,
      },
    }),
  );
  const event: NotificationEvent = {
    message: at,
    key,
    kind: 'assignment',
    urgent: false,
    district: config.district.id,
    place: { community: 'cm-yinrong' },
    recipientRole: 'leader',
    personId,
    channels: ['sms', 'push'],
    ...overrides,
  };
  return { event, queuedAt };
}

const deliver = (event: SQSEvent) => {
  useDependencies(deps);
  return handler(event);
};

describe('deliver-to-inbox', () => {
  it('puts the message in its person’s inbox once: a redelivered record writes nothing new', async () => {
    const { event, queuedAt } = await storedMessage('p-inbox-1');
    const body = JSON.stringify(event);
    expect(await deliver(sqs(record(body, 'm1')))).toEqual({ batchItemFailures: [] });
    const first = await table.db.send(
      new GetCommand({ TableName: table.name, Key: keys.inboxItem('p-inbox-1', queuedAt, event.key) }),
    );
    expect(await deliver(sqs(record(body, 'm1'), record(body, 'm1-again')))).toEqual({
      batchItemFailures: [],
    });
    const { items } = await listInbox(table, 'p-inbox-1', { limit: 10 });
    expect(items).toEqual([
      {
        key: event.key,
        kind: 'assignment',
        text: '您有新诉求待处理',
        urgent: false,
        at: queuedAt,
        requestId: 'R-20261202-0001',
      },
    ]);
    const again = await table.db.send(
      new GetCommand({ TableName: table.name, Key: keys.inboxItem('p-inbox-1', queuedAt, event.key) }),
    );
    expect(again.Item).toEqual(first.Item);
    expect(first.Item?.expiresAt).toBe(Math.floor(new Date(queuedAt).getTime() / 1000) + INBOX_DAYS * 86_400);
  });

  it('fails a malformed record alone; the others of the batch are delivered', async () => {
    const { event } = await storedMessage('p-inbox-2');
    const noPlace = JSON.stringify({ ...event, place: undefined });
    const unknownKind = JSON.stringify({ ...event, kind: 'gossip' });
    const answer = await deliver(
      sqs(
        record('not json', 'bad-json'),
        record(noPlace, 'bad-shape'),
        record(JSON.stringify(event), 'good'),
        record(unknownKind, 'bad-kind'),
      ),
    );
    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      'bad-json',
      'bad-shape',
      'bad-kind',
    ]);
    expect((await listInbox(table, 'p-inbox-2', { limit: 10 })).items.map((item) => item.key)).toEqual([
      event.key,
    ]);
  });

  it('fails the record of a message that is not stored, or not for the event’s person, writing nothing', async () => {
    const { event } = await storedMessage('p-inbox-3');
    const missing = { ...event, message: keys.message('R-20261202-0001', 'never-stored') };
    const someoneElses = { ...event, personId: 'p-inbox-3-other' };
    const notAMessage = { ...event, message: keys.inboxRead('p-inbox-3') };
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...notAMessage.message, readUntil: '2026-12-01', text: 'x' },
      }),
    );
    const answer = await deliver(
      sqs(
        record(JSON.stringify(missing), 'missing'),
        record(JSON.stringify(someoneElses), 'someone-elses'),
        record(JSON.stringify(notAMessage), 'not-a-message'),
      ),
    );
    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      'missing',
      'someone-elses',
      'not-a-message',
    ]);
    for (const personId of ['p-inbox-3', 'p-inbox-3-other'])
      expect((await listInbox(table, personId, { limit: 10 })).items).toEqual([]);
  });

  it('skips the supervisors (no person, no app) and an event not for the app', async () => {
    const supervisors = await storedMessage('p-inbox-4', { recipientRole: 'supervisors', channels: ['sms'] });
    const { personId: _none, ...withoutPerson } = supervisors.event;
    const smsOnly = await storedMessage('p-inbox-4', { kind: 'digest', channels: ['sms'] });
    const answer = await deliver(
      sqs(record(JSON.stringify(withoutPerson), 's1'), record(JSON.stringify(smsOnly.event), 's2')),
    );
    expect(answer).toEqual({ batchItemFailures: [] });
    expect((await listInbox(table, 'p-inbox-4', { limit: 10 })).items).toEqual([]);
  });
});

describe('the inbox', () => {
  const me: Access = { personId: 'p-inbox-reader', grants: [{ role: 'unit_leader', scope: 'u-1' }] };
  const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 0, minutes)).toISOString();
  const entry = (minute: number) => ({
    key: `read-${minute}`,
    kind: 'settlement' as const,
    text: `第${minute}条`,
    urgent: false,
    at: at(minute),
  });

  beforeAll(async () => {
    for (const minute of [1, 2, 3, 4, 5])
      expect(await putInboxEntry(table, me.personId, entry(minute))).toBe(true);
    expect(await putInboxEntry(table, me.personId, entry(3))).toBe(false);
  });

  it('lists newest first, a page at a time, all unread until marked', async () => {
    const first = await readMyInbox(deps, me, { limit: 2 });
    expect(first.items.map((item) => [item.key, item.read])).toEqual([
      ['read-5', false],
      ['read-4', false],
    ]);
    expect([first.unread, first.readUntil]).toEqual([5, undefined]);
    const second = await readMyInbox(deps, me, { limit: 2, cursor: first.nextCursor });
    const third = await readMyInbox(deps, me, { limit: 2, cursor: second.nextCursor });
    expect([...second.items, ...third.items].map((item) => item.key)).toEqual(['read-3', 'read-2', 'read-1']);
    expect(third.nextCursor).toBeUndefined();
  });

  it('refuses a cursor of another person’s inbox', async () => {
    const mine = await readMyInbox(deps, me, { limit: 1 });
    const other: Access = { personId: 'p-inbox-other', grants: me.grants };
    await expect(readMyInbox(deps, other, { limit: 1, cursor: mine.nextCursor })).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'cursor', message: expect.any(String) }],
    });
  });

  it('marks read up to a time, the item of that very time included; the mark never moves back', async () => {
    expect(await markMyInboxRead(deps, me, at(3))).toEqual({ readUntil: at(3), unread: 2 });
    expect(await markMyInboxRead(deps, me, at(3))).toEqual({ readUntil: at(3), unread: 2 });
    expect(await markMyInboxRead(deps, me, at(1))).toEqual({ readUntil: at(3), unread: 2 });
    const page = await readMyInbox(deps, me, { limit: 10 });
    expect(page.items.map((item) => [item.key, item.read])).toEqual([
      ['read-5', false],
      ['read-4', false],
      ['read-3', true],
      ['read-2', true],
      ['read-1', true],
    ]);
    expect([page.unread, page.readUntil]).toEqual([2, at(3)]);
  });

  it('takes an offset time, and a time after now as now', async () => {
    const reader: Access = { ...me, personId: 'p-inbox-offset' };
    await putInboxEntry(table, reader.personId, entry(30));
    expect(await markMyInboxRead(deps, reader, '2026-12-01T08:29:00+08:00')).toEqual({
      readUntil: at(29),
      unread: 1,
    });
    expect(await markMyInboxRead(deps, reader, '2099-01-01T00:00:00Z')).toEqual({
      readUntil: clock.now().toISOString(),
      unread: 0,
    });
  });
});

describe('preferences', () => {
  const leader: Access = { personId: 'p-prefs-leader', grants: [{ role: 'grid_leader', scope: 'g-1' }] };

  it('are the default until chosen, for the publisher too', async () => {
    expect(await getPreferences(table, leader.personId)).toEqual(DEFAULT_PREFERENCES);
    expect(await readMyPreferences(deps, leader)).toMatchObject({ ...DEFAULT_PREFERENCES, isDefault: true });
  });

  it('are kept on an item of their own in the person’s partition, normalised, and read back', async () => {
    const set = await setMyPreferences(deps, leader, { channels: ['push', 'push'], notices: 'work-only' });
    expect(set).toMatchObject({ channels: ['push'], notices: 'work-only', isDefault: false });
    const { Item } = await table.db.send(
      new GetCommand({ TableName: table.name, Key: keys.preferences(leader.personId) }),
    );
    expect(Item).toMatchObject({
      PK: `PERSON#${leader.personId}`,
      SK: 'PREFERENCES',
      preferences: { channels: ['push'], notices: 'work-only' },
      updatedAt: clock.now().toISOString(),
    });
    expect(await readPreferences(table, leader.personId)).toEqual({
      preferences: { channels: ['push'], notices: 'work-only' },
      updatedAt: clock.now().toISOString(),
    });
    expect(await readMyPreferences(deps, leader)).toEqual(set);
  });

  it('a resident (no person item) keeps theirs, without the notices opt-out', async () => {
    const resident: Access = { personId: 'p-prefs-resident', grants: [{ role: 'resident', scope: 'hh-1' }] };
    await setMyPreferences(deps, resident, { channels: [], notices: 'all' });
    expect(await getPreferences(table, resident.personId)).toEqual({ channels: [], notices: 'all' });
    await expect(
      setMyPreferences(deps, resident, { channels: ['sms'], notices: 'work-only' }),
    ).rejects.toMatchObject({ status: 422, errors: [{ field: 'notices', message: 'one of all' }] });
    expect(await getPreferences(table, resident.personId)).toEqual({ channels: [], notices: 'all' });
  });
});
