import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/notifications/archive-notifications.js';
import { MemoryNotificationArchive } from '../../../shared/adapters/notification-archive.js';
import { OutboxNotifier } from '../../../shared/adapters/outbox-notifier.js';
import { systemClock } from '../../../shared/domain/clock.js';
import type { NotificationEvent } from '../../../shared/domain/notification.js';
import { useDependencies, type Dependencies } from '../../../shared/runtime/dependencies.js';
import { config } from '../../support/fixtures.js';

const archive = new MemoryNotificationArchive();
beforeAll(() => {
  useDependencies({
    config,
    clock: systemClock,
    table: { db: {} as Dependencies['table']['db'], name: 'unused' },
    notifier: new OutboxNotifier(),
    workflow: {} as Dependencies['workflow'],
    archive,
  });
});
afterAll(() => {
  useDependencies(undefined);
});

const event = (key: string): NotificationEvent => ({
  message: { PK: 'REQ#r1', SK: `MSG#${key}` },
  key,
  kind: 'request-update',
  urgent: false,
  district: 'lvyuan',
  place: { community: 'cm-yinrong' },
  recipientRole: 'resident',
  personId: 'p1',
  channels: ['push'],
});
const record = (messageId: string, body: string, sentAt: number, receiveCount = 1): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: String(sentAt),
    SenderId: 'sns.amazonaws.com',
    ApproximateFirstReceiveTimestamp: String(sentAt),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:cn-north-1:123456789012:ArchiveQueue',
  awsRegion: 'cn-north-1',
});

describe('archiving notifications', () => {
  it('keeps one object per message key with when the topic delivered it; a redelivery changes nothing', async () => {
    const sentAt = Date.parse('2026-11-26T02:00:06.000Z');
    const first = record('m1', JSON.stringify(event('resolved:r1:p1')), sentAt);

    expect(await handler({ Records: [first] })).toEqual({ batchItemFailures: [] });
    expect(await handler({ Records: [record('m1', first.body, sentAt, 2)] })).toEqual({
      batchItemFailures: [],
    });
    // The same event published again (the publisher died before marking it) is another SQS message.
    expect(await handler({ Records: [record('m2', first.body, sentAt + 5000)] })).toEqual({
      batchItemFailures: [],
    });

    expect([...archive.documents.keys()]).toEqual(['notifications/resolved:r1:p1.json']);
    expect(JSON.parse(archive.documents.get('notifications/resolved:r1:p1.json')!)).toEqual({
      ...event('resolved:r1:p1'),
      publishedAt: '2026-11-26T02:00:06.000Z',
    });
  });

  it('reports only the message it could not read, and archives the others of the batch', async () => {
    const response = await handler({
      Records: [
        record('bad', 'not json', Date.now()),
        record('good', JSON.stringify(event('k-good')), Date.now()),
      ],
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(archive.documents.has('notifications/k-good.json')).toBe(true);
  });
});
