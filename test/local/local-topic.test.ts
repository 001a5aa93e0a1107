import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as publishNotifications } from '../../functions/notifications/publish-notifications.js';
import { synthesizeDistrict } from '../../infra/synthesize.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.js';
import { LocalStreamConsumer } from '../../local/local-stream.js';
import { LocalTopic, type QueueConsumer } from '../../local/local-topic.js';
import { streamMappings, tableDefinitions } from '../../local/synthesized-template.js';
import nanguan from '../../config/districts/nanguan.json' with { type: 'json' };
import { UsageMeter } from '../../local/usage-meter.js';
import { OutboxNotifier } from '../../shared/adapters/outbox-notifier.js';
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import { systemClock } from '../../shared/domain/clock.js';
import type { NotificationEvent } from '../../shared/domain/notification.js';
import { useDependencies, type Dependencies } from '../../shared/runtime/dependencies.js';
import { createDocumentClient } from '../../shared/store/document-client.js';
import { config } from '../support/fixtures.js';
import { messageItem } from '../support/message-item.js';

/**
 * The notifications topic as the local run plays it from the synthesized template: the filter
 * policies route each event, each queue feeds its consumer as the event source mapping would
 * (batches, batch item failures, redelivery, maxReceiveCount, dead letters). The consumers here
 * are stubs that record what they are handed; the real ones are the same handler modules.
 */
type Json = Record<string, unknown>;
let template: Json;
beforeAll(() => {
  template = synthesizeDistrict(config);
});

/** Stub consumers by logical id prefix, recording each record; `fail` decides which they report failed. */
function stubs(fail: (queue: string, record: SQSRecord) => boolean = () => false) {
  const received: Record<string, SQSRecord[]> = { sms: [], push: [], archive: [], email: [] };
  const batches: Record<string, number[]> = { sms: [], push: [], archive: [], email: [] };
  const consumer =
    (queue: string): QueueConsumer =>
    async (event: SQSEvent): Promise<SQSBatchResponse> => {
      received[queue]!.push(...event.Records);
      batches[queue]!.push(event.Records.length);
      return {
        batchItemFailures: event.Records.filter((record) => fail(queue, record)).map((record) => ({
          itemIdentifier: record.messageId,
        })),
      };
    };
  return {
    received,
    batches,
    consumers: {
      NotificationsSendSms: consumer('sms'),
      NotificationsDeliverToInbox: consumer('push'),
      NotificationsArchiveNotifications: consumer('archive'),
      NotificationsSendEmail: consumer('email'),
    },
  };
}
const keysOf = (records: SQSRecord[]) =>
  records.map((record) => (JSON.parse(record.body) as NotificationEvent).key);

const event = (key: string, overrides: Partial<NotificationEvent> = {}): NotificationEvent => ({
  message: { PK: 'REQ#r1', SK: `MSG#${key}` },
  key,
  kind: 'assignment',
  urgent: false,
  district: 'lvyuan',
  place: { community: 'cm-yinrong' },
  recipientRole: 'leader',
  personId: 'p1',
  channels: ['sms', 'push'],
  ...overrides,
});

describe('the local notifications topic', () => {
  it("delivers each event where the template's filter policies send it, raw, with its attributes", async () => {
    const { received, consumers } = stubs();
    const topic = LocalTopic.fromTemplate(template, consumers, { redeliveryDelayMs: () => 0 });

    await topic.publish(event('both'));
    await topic.publish(event('app-only', { kind: 'notice', channels: ['push'] }));
    await topic.publish(
      event('supervisors', {
        kind: 'overdue',
        recipientRole: 'supervisors',
        personId: undefined,
        channels: ['sms'],
      }),
    );
    await topic.drained();

    expect(keysOf(received.sms!)).toEqual(['both', 'supervisors']);
    expect(keysOf(received.push!)).toEqual(['both', 'app-only']);
    expect(keysOf(received.archive!)).toEqual(['both', 'app-only', 'supervisors']);
    expect(keysOf(received.email!)).toEqual([]);
    expect(
      topic.emails.map((email) => [email.to, (JSON.parse(email.body) as NotificationEvent).key]),
    ).toEqual([['duty@lvyuan.example.cn', 'supervisors']]);
    const [first] = received.sms!;
    expect(JSON.parse(first!.body)).toEqual(event('both'));
    expect(first!.messageAttributes.channel).toMatchObject({
      dataType: 'String.Array',
      stringValue: '["sms","push"]',
    });
    expect(first!.attributes.ApproximateReceiveCount).toBe('1');
    expect(first!.eventSourceARN).toMatch(/:sqs:.*:NotificationsSmsQueue/);
    topic.stop();
  });

  it('carries what a staff member chose to receive by e-mail to the e-mail queue, and nothing else', async () => {
    const { received, consumers } = stubs();
    const topic = LocalTopic.fromTemplate(template, consumers, { redeliveryDelayMs: () => 0 });

    await topic.publish(event('staff', { recipientRole: 'staff', channels: ['sms', 'push', 'email'] }));
    await topic.publish(event('leader'));
    await topic.drained();

    expect(keysOf(received.email!)).toEqual(['staff']);
    expect(received.email![0]!.eventSourceARN).toMatch(/:sqs:.*:NotificationsEmailQueue/);
    expect(keysOf(received.sms!)).toEqual(['staff', 'leader']);
    topic.stop();
  });

  it('has no e-mail queue in the China profile (no SES there): an event naming e-mail reaches the other channels', async () => {
    const { received, consumers } = stubs();
    const china = synthesizeDistrict(parseDistrictConfig(nanguan, 'config/districts/nanguan.json'));
    const topic = LocalTopic.fromTemplate(china, consumers, { redeliveryDelayMs: () => 0 });

    await topic.publish(event('staff', { recipientRole: 'staff', channels: ['sms', 'push', 'email'] }));
    await topic.drained();

    expect([received.email, keysOf(received.sms!), keysOf(received.archive!)]).toEqual([
      [],
      ['staff'],
      ['staff'],
    ]);
    topic.stop();
  });

  it('reports each publish, queue delivery, batch and consumer invocation to a usage meter (the cost model reads them)', async () => {
    const { consumers } = stubs();
    const meter = new UsageMeter();
    const topic = LocalTopic.fromTemplate(template, consumers, { redeliveryDelayMs: () => 0, meter });

    await topic.publish(event('both'));
    await topic.publish(event('app-only', { kind: 'notice', channels: ['push'] }));
    await topic.drained();

    const usage = meter.take();
    expect(usage.services).toMatchObject({ topicPublishes: 2, queueMessages: 5 });
    const invoked = [...usage.functions].map(([logicalId, timing]) => [
      logicalId.replace(/[0-9A-F]{8}$/, ''),
      timing.count,
    ]);
    expect(invoked.sort()).toEqual([
      ['NotificationsArchiveNotificationsFunction', 2],
      ['NotificationsDeliverToInboxFunction', 2],
      ['NotificationsSendSmsFunction', 1],
    ]);
    expect(usage.services.queueBatches).toBe(5);
    topic.stop();
  });

  it("hands a consumer batches of the mapping's size (10)", async () => {
    const { received, batches, consumers } = stubs();
    const topic = LocalTopic.fromTemplate(template, consumers, { redeliveryDelayMs: () => 0 });

    await Promise.all(
      Array.from({ length: 23 }, (_, index) => topic.publish(event(`k${index}`, { channels: ['push'] }))),
    );
    await topic.drained();

    expect(received.push).toHaveLength(23);
    expect(Math.max(...batches.push!)).toBe(10);
    topic.stop();
  });

  it('receives again only the messages a consumer reported failed, and parks one after 5 receives', async () => {
    let flakyFailures = 2;
    const { received, consumers } = stubs((queue, record) => {
      if (queue !== 'sms') return false;
      const { key } = JSON.parse(record.body) as NotificationEvent;
      if (key === 'broken') return true;
      if (key === 'flaky' && flakyFailures > 0) {
        flakyFailures -= 1;
        return true;
      }
      return false;
    });
    const topic = LocalTopic.fromTemplate(template, consumers, { redeliveryDelayMs: () => 1 });

    await topic.publish(event('fine'));
    await topic.publish(event('flaky'));
    await topic.publish(event('broken'));
    await topic.drained();

    const receives = (key: string) => keysOf(received.sms!).filter((candidate) => candidate === key).length;
    expect([receives('fine'), receives('flaky'), receives('broken')]).toEqual([1, 3, 5]);
    const lastFlaky = received.sms!.filter((record) => keysOf([record])[0] === 'flaky').at(-1);
    expect(lastFlaky?.attributes.ApproximateReceiveCount).toBe('3');
    expect(topic.deadLetters).toEqual([
      {
        queue: expect.stringMatching(/^NotificationsSmsQueue/),
        deadLetterQueue: expect.stringMatching(/^NotificationsSmsDeadLetters/),
        body: JSON.stringify(event('broken')),
        receiveCount: 5,
      },
    ]);
    // The other channels had each message once.
    expect(keysOf(received.push!)).toEqual(['fine', 'flaky', 'broken']);
    topic.stop();
  });

  it('fails the whole batch when the consumer throws', async () => {
    let calls = 0;
    const { received, consumers } = stubs();
    const topic = LocalTopic.fromTemplate(
      template,
      {
        ...consumers,
        NotificationsDeliverToInbox: async (sqsEvent) => {
          calls += 1;
          if (calls === 1) throw new Error('the inbox is down');
          return consumers.NotificationsDeliverToInbox(sqsEvent);
        },
      },
      { redeliveryDelayMs: () => 1 },
    );

    await topic.publish(event('a', { channels: ['push'] }));
    await topic.drained();

    expect(calls).toBe(2);
    expect(keysOf(received.push!)).toEqual(['a']);
    expect(topic.deadLetters).toEqual([]);
    topic.stop();
  });
});

describe('a message item written to DynamoDB Local', () => {
  let dynamoDb: RunningDynamoDb;
  let stream: LocalStreamConsumer | undefined;
  let topic: LocalTopic | undefined;
  let db: ReturnType<typeof createDocumentClient> | undefined;
  afterAll(async () => {
    await stream?.stop();
    topic?.stop();
    useDependencies(undefined);
    db?.destroy();
    await dynamoDb?.stop();
  });

  it('reaches the SMS, push and archive consumers through the stream, the publisher and the topic', async () => {
    const definition = tableDefinitions(template)[0]!;
    dynamoDb = await startDynamoDbLocal();
    await createTables(dynamoDb.endpoint, [definition]);
    db = createDocumentClient({ endpoint: dynamoDb.endpoint });
    const { received, consumers } = stubs();
    topic = LocalTopic.fromTemplate(template, consumers, { redeliveryDelayMs: () => 0 });
    const deps: Dependencies = {
      config,
      clock: systemClock,
      table: { db, name: definition.TableName },
      notifier: new OutboxNotifier(),
      workflow: {} as Dependencies['workflow'],
      notificationTopic: topic,
    };
    useDependencies(deps);
    const publisher = streamMappings(template).find((mapping) =>
      mapping.functionLogicalId.startsWith('NotificationsPublishNotifications'),
    )!;
    stream = await new LocalStreamConsumer(dynamoDb.endpoint, definition.TableName, [
      { name: 'publish-notifications', patterns: publisher.patterns, handler: publishNotifications },
    ]).start();

    const item = messageItem('r-e2e', 'assigned:r-e2e:v1:p-leader');
    await db.send(new PutCommand({ TableName: definition.TableName, Item: item }));
    await stream.drained();
    await topic.drained();

    expect(keysOf(received.sms!)).toEqual(['assigned:r-e2e:v1:p-leader']);
    expect(keysOf(received.push!)).toEqual(['assigned:r-e2e:v1:p-leader']);
    expect(keysOf(received.archive!)).toEqual(['assigned:r-e2e:v1:p-leader']);
    expect(JSON.parse(received.sms![0]!.body)).toMatchObject({
      message: { PK: 'REQ#r-e2e', SK: 'MSG#assigned:r-e2e:v1:p-leader' },
      personId: 'p-leader',
      channels: ['sms', 'push'],
    });
  });
});
