import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/notifications/publish-notifications.js';
import { synthesizeDistrict } from '../../../infra/synthesize.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../../local/dynamodb-local.js';
import { tableDefinitions } from '../../../local/synthesized-template.js';
import { OutboxNotifier } from '../../../shared/adapters/outbox-notifier.js';
import type { NotificationTopic } from '../../../shared/adapters/notification-topic.js';
import { ManualClock } from '../../../shared/domain/clock.js';
import type { NotificationEvent } from '../../../shared/domain/notification.js';
import { useDependencies, type Dependencies } from '../../../shared/runtime/dependencies.js';
import { createDocumentClient } from '../../../shared/store/document-client.js';
import { keys } from '../../../shared/store/keys.js';
import type { DistrictTable } from '../../../shared/store/table.js';
import { config } from '../../support/fixtures.js';
import { messageItem } from '../../support/message-item.js';
import { insertRecord, streamEvent } from '../../support/stream-event.js';

/**
 * The publisher on DynamoDB Local with the template's table: each new message item is published
 * once, with the channels its recipient's preferences allow; a replayed record publishes nothing.
 */
let dynamoDb: RunningDynamoDb;
let table: DistrictTable;
const published: NotificationEvent[] = [];
const topic: NotificationTopic = {
  publish: async (event) => {
    published.push(event);
    return `sns-${published.length}`;
  },
};
const clock = new ManualClock(new Date('2026-11-26T02:00:05.000Z'));

beforeAll(async () => {
  const definition = tableDefinitions(synthesizeDistrict(config))[0]!;
  dynamoDb = await startDynamoDbLocal();
  await createTables(dynamoDb.endpoint, [definition]);
  table = { db: createDocumentClient({ endpoint: dynamoDb.endpoint }), name: definition.TableName };
  const outbox = new OutboxNotifier();
  const deps: Dependencies = {
    config,
    clock,
    table,
    notifier: outbox,
    workflow: { start: async () => 'local' } as unknown as Dependencies['workflow'],
    notificationTopic: topic,
  };
  useDependencies(deps);
});
afterAll(async () => {
  useDependencies(undefined);
  table?.db.destroy();
  await dynamoDb?.stop();
});

/** Writes the item as a caller would, and hands the publisher its stream record. */
async function written(item: ReturnType<typeof messageItem>, sequence: string) {
  await table.db.send(new PutCommand({ TableName: table.name, Item: item }));
  return insertRecord(item, sequence);
}
const stored = async (item: { PK: string; SK: string }) =>
  (await table.db.send(new GetCommand({ TableName: table.name, Key: { PK: item.PK, SK: item.SK } }))).Item;
const preferences = (personId: string, value: unknown) =>
  table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.preferences(personId),
      UpdateExpression: 'SET preferences = :p',
      ExpressionAttributeValues: { ':p': value },
    }),
  );

describe('publishing stored messages to the notifications topic', () => {
  it('publishes a new message once, with its facts and channels, and marks it published', async () => {
    published.length = 0;
    const item = messageItem('r-once', 'assigned:r-once:v1:p-leader');
    const record = await written(item, '100');

    expect(await handler(streamEvent(record))).toEqual({ batchItemFailures: [] });

    expect(published).toEqual([
      {
        message: { PK: 'REQ#r-once', SK: 'MSG#assigned:r-once:v1:p-leader' },
        key: 'assigned:r-once:v1:p-leader',
        kind: 'assignment',
        urgent: false,
        district: 'lvyuan',
        place: { community: 'cm-yinrong', grid: 'gd-yinrong-1', level: 'unit' },
        recipientRole: 'leader',
        personId: 'p-leader',
        channels: ['sms', 'push'],
      },
    ]);
    expect((await stored(item))?.publishedAt).toBe('2026-11-26T02:00:05.000Z');
  });

  it('publishes nothing when the same stream record is replayed (publishedAt)', async () => {
    published.length = 0;
    const item = messageItem('r-replay', 'assigned:r-replay:v1:p-leader');
    const record = await written(item, '200');
    await handler(streamEvent(record));
    clock.advanceMinutes(1);

    expect(await handler(streamEvent(record))).toEqual({ batchItemFailures: [] });
    expect(await handler(streamEvent(record, record))).toEqual({ batchItemFailures: [] });

    expect(published.map((event) => event.key)).toEqual(['assigned:r-replay:v1:p-leader']);
    expect((await stored(item))?.publishedAt).toBe('2026-11-26T02:00:05.000Z');
  });

  it("follows the recipient's preferences for what they may mute, reading them once per invocation", async () => {
    published.length = 0;
    await preferences('p-quiet', { channels: [], notices: 'work-only' });
    const to = { kind: 'phone' as const, phone: '+8613800000102', personId: 'p-quiet' };
    const notice = messageItem('r-prefs', 'notice:n1:p-quiet', { kind: 'notice', to });
    const update = messageItem('r-prefs', 'resolved:r-prefs:p-quiet', { kind: 'request-update', to });
    const assignment = messageItem('r-prefs', 'assigned:r-prefs:p-quiet', { to });
    const send = vi.spyOn(table.db, 'send');

    await handler(
      streamEvent(
        await written(notice, '300'),
        await written(update, '301'),
        await written(assignment, '302'),
      ),
    );

    const personReads = send.mock.calls.filter(
      ([command]) => command instanceof GetCommand && command.input.Key?.PK === 'PERSON#p-quiet',
    );
    send.mockRestore();
    expect(personReads).toHaveLength(1);
    expect(published.map((event) => [event.kind, event.channels])).toEqual([
      ['notice', ['push']],
      ['request-update', ['push']],
      // Work the person must act on cannot be muted.
      ['assignment', ['sms', 'push']],
    ]);
  });

  it('takes malformed preferences as the defaults, and texts the supervisors without a person', async () => {
    published.length = 0;
    await preferences('p-odd', { channels: ['fax'], notices: 'all' });
    const odd = messageItem('r-odd', 'resolved:r-odd:p-odd', {
      kind: 'request-update',
      to: { kind: 'phone', phone: '+8613800000103', personId: 'p-odd' },
    });
    const supervisors = messageItem('r-odd', 'overdue:r-odd', {
      kind: 'overdue',
      recipientRole: 'supervisors',
      urgent: true,
      to: { kind: 'supervisors' },
    });

    await handler(streamEvent(await written(odd, '400'), await written(supervisors, '401')));

    expect(published[0]?.channels).toEqual(['sms', 'push']);
    expect(published[1]).toMatchObject({ recipientRole: 'supervisors', urgent: true, channels: ['sms'] });
    expect(published[1]).not.toHaveProperty('personId');
  });

  it('reports the record that could not be published, and leaves it unmarked for the retry', async () => {
    published.length = 0;
    const item = messageItem('r-fail', 'assigned:r-fail:v1:p-leader');
    const record = await written(item, '500');
    const publish = vi.spyOn(topic, 'publish').mockRejectedValueOnce(new Error('SNS throttled'));

    expect(await handler(streamEvent(record))).toEqual({ batchItemFailures: [{ itemIdentifier: '500' }] });
    expect((await stored(item))?.publishedAt).toBeUndefined();
    expect(await handler(streamEvent(record))).toEqual({ batchItemFailures: [] });
    publish.mockRestore();

    expect(published.map((event) => event.key)).toEqual(['assigned:r-fail:v1:p-leader']);
    expect((await stored(item))?.publishedAt).toBeDefined();
  });
});
