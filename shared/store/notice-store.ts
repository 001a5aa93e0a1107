import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationKind, NotificationPlace, RecipientRole } from '../domain/notification.js';
import type { Notice, NoticeReader } from '../domain/notice.js';
import type { OutgoingMessage } from '../domain/sms.js';
import { zonedParts } from '../domain/time-zone.js';
import { indexes, keys, SK_PREFIX } from './keys.js';
import { TransactionRefused, writeTransaction, type TransactItem } from './ledger-store.js';
import {
  batchGet,
  type DistrictTable,
  type Item,
  type Page,
  queryAll,
  queryPage,
  withoutKeys,
} from './table.js';

/** A notice as stored: with the digest of what its Idempotency-Key first asked for. */
export interface StoredNotice extends Notice {
  requestDigest: string;
}

/** A notice's SMS as the outbox stores every message (docs/notifications.md: the message item). */
export interface NoticeMessage extends OutgoingMessage {
  kind: NotificationKind;
  recipientRole: RecipientRole;
  place: NotificationPlace;
  noticeId: string;
}

/** The notice an item of its partition belongs to (an index returns the table's keys with every item). */
const noticeIdOf = (item: Item) => String(item.PK).slice(keys.noticePartition('').length);

const noticeItem = (notice: StoredNotice, dueAt: string | undefined): Item => ({
  ...keys.notice(notice.id),
  type: 'notice',
  ...notice,
  GSI1PK: indexes.noticesAt.pk(notice.place),
  GSI1SK: indexes.noticesAt.sk(notice.createdAt, notice.id),
  ...(dueAt ? { GSI4PK: indexes.noticesDue.pk(), GSI4SK: indexes.noticesDue.sk(dueAt, notice.id) } : {}),
});

/**
 * Stores a new notice (its id is its idempotency record); an urgent one is put on the unread
 * sweep's index at `dueAt`. Answers the notice stored first under the same id, if there is one.
 */
export async function createNotice(
  table: DistrictTable,
  notice: StoredNotice,
  dueAt: string | undefined,
): Promise<{ created: true } | { created: false; stored: StoredNotice }> {
  try {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: noticeItem(notice, dueAt),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return { created: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const stored = await getNotice(table, notice.id);
    if (!stored) throw error;
    return { created: false, stored };
  }
}

export async function getNotice(table: DistrictTable, id: string): Promise<StoredNotice | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.notice(id), ConsistentRead: true }),
  );
  return Item?.type === 'notice' ? withoutKeys<StoredNotice>(Item) : undefined;
}

/** The notices of the given ids, in that order; unknown ones left out. */
async function noticesByIds(table: DistrictTable, ids: readonly string[]): Promise<StoredNotice[]> {
  const found = new Map(
    (await batchGet(table, [...new Set(ids)].map(keys.notice), { consistent: false })).map((item) => [
      String(item.id),
      withoutKeys<StoredNotice>(item),
    ]),
  );
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** One page of the notices posted at a node, newest first (GSI1 `NOTICES#<node>`, then a BatchGet). */
export async function noticesAt(
  table: DistrictTable,
  place: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<StoredNotice>> {
  const ids = await queryPage(
    table,
    { index: indexes.noticesAt.name, partition: indexes.noticesAt.pk(place) },
    page,
    (item) => String(item.id),
    { ScanIndexForward: false },
  );
  return { ...ids, items: await noticesByIds(table, ids.items) };
}

/** A notice to one of its readers: the notice and the reader's own state. */
export interface ReceivedNotice {
  notice: StoredNotice;
  reader: NoticeReader;
}

const readerOf = (item: Item) => withoutKeys<NoticeReader>(item);

/** One page of the notices a person received, newest first (GSI3 `READER#<person>`, then a BatchGet). */
export async function noticesOf(
  table: DistrictTable,
  personId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ReceivedNotice>> {
  const ids = await queryPage(
    table,
    { index: indexes.noticesOf.name, partition: indexes.noticesOf.pk(personId) },
    page,
    noticeIdOf,
    { ScanIndexForward: false },
  );
  const [notices, readers] = await Promise.all([
    noticesByIds(table, ids.items),
    batchGet(
      table,
      ids.items.map((id) => keys.noticeReader(id, personId)),
      { consistent: false },
    ),
  ]);
  const readerByNotice = new Map(readers.map(readerOf).map((reader) => [reader.noticeId, reader]));
  return {
    ...ids,
    items: notices.flatMap((notice) => {
      const reader = readerByNotice.get(notice.id);
      return reader ? [{ notice, reader }] : [];
    }),
  };
}

/** Every reader of a notice (one Query of its partition). */
export async function readersOf(table: DistrictTable, noticeId: string): Promise<NoticeReader[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :notice AND begins_with(SK, :readers)',
    ExpressionAttributeValues: {
      ':notice': keys.noticePartition(noticeId),
      ':readers': SK_PREFIX.noticeReader,
    },
    ConsistentRead: true,
  });
  return items.map(readerOf);
}

export async function getReader(
  table: DistrictTable,
  noticeId: string,
  personId: string,
): Promise<NoticeReader | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.noticeReader(noticeId, personId),
      ConsistentRead: true,
    }),
  );
  return Item ? readerOf(Item) : undefined;
}

/**
 * A message of a notice, queued for the outbox: the one shape of every message item
 * (DESIGN13, `messagePut` of shared/store/outbox-store.ts once merged), in the notice's partition.
 */
export function noticeMessagePut(
  table: DistrictTable,
  message: NoticeMessage,
  queuedAt: string,
): TransactItem {
  const day = zonedParts(new Date(queuedAt), table.timeZone ?? 'UTC').isoDate;
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...keys.noticeMessage(message.noticeId, message.key),
        type: 'message',
        ...message,
        status: 'queued',
        queuedAt,
        dueAt: queuedAt,
        attempts: 0,
        GSI4PK: 'OUTBOX#pending',
        GSI4SK: `${queuedAt}#${message.key}`,
        GSI2PK: `OUTBOX#${day}`,
        GSI2SK: `${queuedAt}#${message.key}`,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * Writes one recipient of a notice: the reader item, its SMS and one more on the notice's count,
 * together, only if the reader is new. False when it was written before (a replayed fan-out).
 */
export async function addRecipient(
  table: DistrictTable,
  notice: Pick<Notice, 'id' | 'createdAt'>,
  reader: NoticeReader,
  message: NoticeMessage,
  at: string,
): Promise<boolean> {
  try {
    await writeTransaction(table, [
      {
        Put: {
          TableName: table.name,
          Item: {
            ...keys.noticeReader(notice.id, reader.personId),
            type: 'notice-reader',
            ...reader,
            GSI3PK: indexes.noticesOf.pk(reader.personId),
            GSI3SK: indexes.noticesOf.sk(notice.createdAt, notice.id),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      noticeMessagePut(table, message, at),
      {
        Update: {
          TableName: table.name,
          Key: keys.notice(notice.id),
          UpdateExpression: 'ADD recipientCount :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionRefused && (error.failed(0) || error.failed(1))) return false;
    throw error;
  }
}

/**
 * A reader confirms a notice: `readAt` on their reader item and one more on the notice's read
 * count, only the first time. `not-reader` when the person is none of its readers.
 */
export async function confirmRead(
  table: DistrictTable,
  noticeId: string,
  personId: string,
  at: string,
): Promise<
  { outcome: 'read'; readAt: string } | { outcome: 'already'; readAt: string } | { outcome: 'not-reader' }
> {
  try {
    await writeTransaction(table, [
      {
        Update: {
          TableName: table.name,
          Key: keys.noticeReader(noticeId, personId),
          UpdateExpression: 'SET readAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(readAt)',
          ExpressionAttributeValues: { ':at': at },
        },
      },
      {
        Update: {
          TableName: table.name,
          Key: keys.notice(noticeId),
          UpdateExpression: 'ADD readCount :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
    return { outcome: 'read', readAt: at };
  } catch (error) {
    if (!(error instanceof TransactionRefused && error.failed(0))) throw error;
    const reader = await getReader(table, noticeId, personId);
    if (!reader) return { outcome: 'not-reader' };
    return { outcome: 'already', readAt: reader.readAt ?? at };
  }
}

/** The ids of urgent notices whose next unread step is due at `now` (GSI4 `NOTICE#due`, keys only). */
export async function dueNoticeIds(table: DistrictTable, now: string): Promise<string[]> {
  const items = await queryAll(table, {
    IndexName: indexes.noticesDue.name,
    KeyConditionExpression: 'GSI4PK = :due AND GSI4SK <= :now',
    ExpressionAttributeValues: { ':due': indexes.noticesDue.pk(), ':now': `${now}~` },
  });
  return items.map(noticeIdOf);
}

/**
 * Reminds one unread reader: `remindedAt` on the reader item and the reminder SMS, together, only
 * if they have neither read it nor been reminded. False when there was nothing to do.
 */
export async function remindReader(
  table: DistrictTable,
  reader: Pick<NoticeReader, 'noticeId' | 'personId'>,
  message: NoticeMessage,
  at: string,
): Promise<boolean> {
  try {
    await writeTransaction(table, [
      {
        Update: {
          TableName: table.name,
          Key: keys.noticeReader(reader.noticeId, reader.personId),
          UpdateExpression: 'SET remindedAt = :at',
          ConditionExpression:
            'attribute_exists(PK) AND attribute_not_exists(readAt) AND attribute_not_exists(remindedAt)',
          ExpressionAttributeValues: { ':at': at },
        },
      },
      noticeMessagePut(table, message, at),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionRefused && (error.failed(0) || error.failed(1))) return false;
    throw error;
  }
}

/** The reminders are out: the notice records it and waits on the sweep's index until `reportAt`. */
export async function markReminded(
  table: DistrictTable,
  noticeId: string,
  at: string,
  reportAt: string,
): Promise<void> {
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.notice(noticeId),
        UpdateExpression: 'SET remindedAt = :at, GSI4SK = :due',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(remindedAt)',
        ExpressionAttributeValues: { ':at': at, ':due': indexes.noticesDue.sk(reportAt, noticeId) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * The sender is told (with `message`, or no SMS when everyone has read it): the notice records
 * `reportedAt` and leaves the sweep's index, together with the SMS, only once.
 */
export async function markReported(
  table: DistrictTable,
  noticeId: string,
  message: NoticeMessage | undefined,
  at: string,
): Promise<boolean> {
  try {
    await writeTransaction(table, [
      {
        Update: {
          TableName: table.name,
          Key: keys.notice(noticeId),
          UpdateExpression: 'SET reportedAt = :at REMOVE GSI4PK, GSI4SK',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(reportedAt)',
          ExpressionAttributeValues: { ':at': at },
        },
      },
      ...(message ? [noticeMessagePut(table, message, at)] : []),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionRefused && (error.failed(0) || error.failed(1))) return false;
    throw error;
  }
}

/** An expired notice leaves the sweep's index: nobody is reminded of what no longer holds. */
export async function leaveSweep(table: DistrictTable, noticeId: string): Promise<void> {
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.notice(noticeId),
      UpdateExpression: 'REMOVE GSI4PK, GSI4SK',
      ConditionExpression: 'attribute_exists(PK)',
    }),
  );
}
