import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationKind } from '../domain/notification.js';
import type { Listing } from './cursor.js';
import { keys } from './keys.js';
import { conditionHeld, queryPage, withoutKeys, type DistrictTable, type Page } from './table.js';

/** One notification in a person's app inbox: what the page shows and where it leads. */
export interface InboxEntry {
  key: string;
  kind: NotificationKind;
  text: string;
  urgent: boolean;
  /** When it was raised: its message's queued time (stable across redeliveries). */
  at: string;
  requestId?: string;
  noticeId?: string;
}

const DAY_SECONDS = 24 * 3600;
/** The app shows the last 90 days; older items expire (the table's TTL attribute). */
export const INBOX_DAYS = 90;
const expiry = (at: string) => Math.floor(new Date(at).getTime() / 1000) + INBOX_DAYS * DAY_SECONDS;

const inboxOf = (personId: string): Listing => ({ partition: keys.inboxPartition(personId) });

/**
 * Puts a notification in a person's inbox unless it is there: its key is the time it was raised
 * and the message's key, so a redelivered event writes nothing. False when it was already there.
 */
export function putInboxEntry(table: DistrictTable, personId: string, entry: InboxEntry): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.inboxItem(personId, entry.at, entry.key),
          type: 'inbox',
          personId,
          ...entry,
          expiresAt: expiry(entry.at),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  );
}

function fromItem(item: Record<string, unknown>): InboxEntry {
  const {
    type: _type,
    personId: _personId,
    expiresAt: _expires,
    ...entry
  } = withoutKeys<InboxEntry & { type: string; personId: string; expiresAt: number }>(item);
  return entry;
}

/** One page of a person's inbox, newest first. */
export function listInbox(
  table: DistrictTable,
  personId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<InboxEntry>> {
  return queryPage(table, inboxOf(personId), page, fromItem, { ScanIndexForward: false });
}

/** Where the person has read their inbox up to; undefined while they never marked it. */
export async function getReadUntil(table: DistrictTable, personId: string): Promise<string | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.inboxRead(personId), ConsistentRead: true }),
  );
  return typeof Item?.readUntil === 'string' ? Item.readUntil : undefined;
}

// Above every `<at>#<key>` sort key of the mark's own time: items raised at the mark are read too.
const AFTER_THE_MARK = '#\uffff';

/** How many of the person's notifications were raised after `readUntil` (all of them without one): a COUNT Query. */
export async function countUnread(
  table: DistrictTable,
  personId: string,
  readUntil: string | undefined,
): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const { Count = 0, LastEvaluatedKey } = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: readUntil === undefined ? 'PK = :pk' : 'PK = :pk AND SK > :after',
        ExpressionAttributeValues: {
          ':pk': keys.inboxPartition(personId),
          ...(readUntil === undefined ? {} : { ':after': `${readUntil}${AFTER_THE_MARK}` }),
        },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += Count;
    start = LastEvaluatedKey;
  } while (start);
  return count;
}

/**
 * Moves the person's read mark forward to `until`; a mark already there or later stays (a retry,
 * or an older page marking late, changes nothing). The mark as it now is.
 */
export async function markReadUntil(table: DistrictTable, personId: string, until: string): Promise<string> {
  const moved = await conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.inboxRead(personId),
        UpdateExpression: 'SET readUntil = :until, #type = :type',
        ConditionExpression: 'attribute_not_exists(readUntil) OR readUntil < :until',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':until': until, ':type': 'inbox-read' },
      }),
    ),
  );
  return moved ? until : ((await getReadUntil(table, personId)) ?? until);
}
