import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PutCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { MessageStatus, OutgoingMessage } from '../domain/sms.js';
import { zonedParts } from '../domain/time-zone.js';
import { indexes, SK_PREFIX } from './keys.js';
import { putSmsPointers } from './sms-delivery-store.js';
import {
  batchGet,
  conditionHeld,
  type DistrictTable,
  type Item,
  type Page,
  queryAll,
  queryPage,
  queryPages,
  withoutKeys,
} from './table.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Where a message item is: its owner's partition and `MSG#<key>`. */
export type MessageKey = { PK: string; SK: string };

/** A message to store: what the domain wants sent, and what it is about. */
export interface NewMessage extends OutgoingMessage {
  requestId?: string;
  noticeId?: string;
}

/**
 * A stored message, whoever owns it (a request, a notice, a statement, a person's digest). One
 * written before messages had templates has its text only (read it with `queuedSms`); one written
 * before the outbox has no kind, place, due time or attempts, and is in no outbox listing.
 */
export interface MessageRecord
  extends Omit<NewMessage, 'template' | 'params'>, Partial<Pick<NewMessage, 'template' | 'params'>> {
  status: MessageStatus;
  queuedAt: string;
  /** When it may go: its queuing, the end of quiet hours while held, a retry's backoff. */
  dueAt: string;
  heldUntil?: string;
  claimedAt?: string;
  attempts: number;
  sentAt?: string;
  providerMessageId?: string;
  publishedAt?: string;
  lastError?: string;
  mergedInto?: string;
  /** The e-mail channel's own progress (a message may go by SMS and e-mail): see claimEmail. */
  emailStatus?: EmailStatus;
  emailClaimedAt?: string;
  emailSentAt?: string;
  emailMessageId?: string;
  emailError?: string;
}

/** An e-mail is `sending` while claimed, then `sent`, or `refused` for good; never claimed: absent. */
export type EmailStatus = 'sending' | 'sent' | 'refused';

/** The message and where it is stored. */
export type StoredMessage = MessageRecord & { at: MessageKey };

/**
 * A fresh message is the stream's (published, then sent by send-sms); the release sweep looks at it
 * only once it is this old, as left behind.
 */
export const LEFT_BEHIND_MS = 5 * 60_000;
/** A sender that claimed a message this long ago died mid-call: the sweep may send it again. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;

const later = (at: string, ms: number) => new Date(new Date(at).getTime() + ms).toISOString();

/** The district day (YYYY-MM-DD) of an instant: the outbox's day listing. */
function districtDay(table: DistrictTable, at: string): string {
  if (!table.timeZone)
    throw new Error('the table has no district time zone: the outbox lists messages by day');
  return zonedParts(new Date(at), table.timeZone).isoDate;
}

export const messageKey = (owner: string, key: string): MessageKey => ({
  PK: owner,
  SK: `${SK_PREFIX.message}${key}`,
});

/**
 * The Put of a new message (queued, due at once), for a caller's TransactWrite: written with the
 * change that caused it, it cannot be lost nor written twice (its key is stable across retries).
 */
export function messagePut(
  table: DistrictTable,
  owner: string,
  message: NewMessage,
  queuedAt: string,
): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...messageKey(owner, message.key),
        type: 'message',
        ...message,
        status: 'queued',
        queuedAt,
        dueAt: queuedAt,
        attempts: 0,
        GSI4PK: indexes.outboxPending.pk(),
        GSI4SK: indexes.outboxPending.sk(later(queuedAt, LEFT_BEHIND_MS), message.key),
        GSI2PK: indexes.outboxDay.pk(districtDay(table, queuedAt)),
        GSI2SK: indexes.outboxDay.sk(queuedAt, message.key),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Writes a new message on its own (no change goes with it): false when it was written before. */
export async function putMessage(
  table: DistrictTable,
  owner: string,
  message: NewMessage,
  queuedAt: string,
): Promise<boolean> {
  const { Put } = messagePut(table, owner, message, queuedAt);
  return conditionHeld(table.db.send(new PutCommand(Put as PutCommandInput)));
}

function stored(item: Item): StoredMessage {
  return { ...withoutKeys<MessageRecord>(item), at: { PK: String(item.PK), SK: String(item.SK) } };
}

export async function getMessage(table: DistrictTable, at: MessageKey): Promise<StoredMessage | undefined> {
  const [item] = await batchGet(table, [at]);
  return item ? stored(item) : undefined;
}

/** The messages of an owner's partition (a request's, a statement's), in key order. */
export async function messagesOf(table: DistrictTable, owner: string): Promise<StoredMessage[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :message)',
    ExpressionAttributeValues: { ':pk': owner, ':message': SK_PREFIX.message },
  });
  return items.map(stored);
}

const NAMES = { '#status': 'status' };
const PENDING_SK = (at: string, message: StoredMessage) => indexes.outboxPending.sk(at, message.key);

async function update(
  table: DistrictTable,
  at: MessageKey,
  change: { set: string; remove?: string; condition: string; values: Record<string, unknown> },
): Promise<boolean> {
  const expression = `SET ${change.set}${change.remove ? ` REMOVE ${change.remove}` : ''}`;
  return conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: at,
        UpdateExpression: expression,
        ConditionExpression: change.condition,
        // DynamoDB refuses a name the expressions do not use.
        ...(`${expression} ${change.condition}`.includes('#status')
          ? { ExpressionAttributeNames: NAMES }
          : {}),
        ExpressionAttributeValues: change.values,
      }),
    ),
  );
}

/** Final: off the pending index, so no sweep looks at it again. */
const OFF_PENDING = 'GSI4PK, GSI4SK';

/** Holds a queued message for quiet hours: due, and looked at by the sweep, when the window ends. */
export function holdMessage(table: DistrictTable, message: StoredMessage, heldUntil: string) {
  return update(table, message.at, {
    set: '#status = :held, heldUntil = :until, dueAt = :until, GSI4SK = :sweep',
    condition: '#status = :queued',
    values: {
      ':held': 'held',
      ':queued': 'queued',
      ':until': heldUntil,
      ':sweep': PENDING_SK(heldUntil, message),
    },
  });
}

/**
 * Claims a message for sending: queued or held and due, or claimed by a sender that died (claimed
 * over CLAIM_TIMEOUT_MS ago). One claim wins; every other sender (a redelivered record, a sweep)
 * finds it claimed or sent, and sends nothing.
 */
export function claimMessage(table: DistrictTable, message: StoredMessage, now: string) {
  return update(table, message.at, {
    set: '#status = :sending, claimedAt = :now, attempts = if_not_exists(attempts, :zero) + :one, GSI4SK = :sweep',
    condition:
      '(#status IN (:queued, :held) AND dueAt <= :now) OR (#status = :sending AND claimedAt <= :stale)',
    values: {
      ':sending': 'sending',
      ':queued': 'queued',
      ':held': 'held',
      ':now': now,
      ':stale': new Date(new Date(now).getTime() - CLAIM_TIMEOUT_MS).toISOString(),
      ':zero': 0,
      ':one': 1,
      ':sweep': PENDING_SK(later(now, CLAIM_TIMEOUT_MS), message),
    },
  });
}

/** The SMS went: its provider ids point back to it (delivery reports), and nothing sends it again. */
export async function markMessageSent(
  table: DistrictTable,
  message: MessageKey,
  sent: { at: string; providerMessageId?: string },
): Promise<void> {
  await putSmsPointers(table, message, sent.providerMessageId, sent.at);
  await update(table, message, {
    set: '#status = :sent, sentAt = :at, providerMessageId = :id',
    remove: OFF_PENDING,
    condition: 'attribute_exists(PK)',
    values: { ':sent': 'sent', ':at': sent.at, ':id': sent.providerMessageId ?? 'none' },
  });
}

/** A retryable failure: queued again, due after the backoff (the sweep sends it then). */
export function requeueMessage(
  table: DistrictTable,
  message: StoredMessage,
  retry: { dueAt: string; error: string },
) {
  return update(table, message.at, {
    set: '#status = :queued, dueAt = :due, lastError = :error, GSI4SK = :sweep',
    condition: '#status = :sending',
    values: {
      ':queued': 'queued',
      ':sending': 'sending',
      ':due': retry.dueAt,
      ':error': retry.error,
      ':sweep': PENDING_SK(retry.dueAt, message),
    },
  });
}

/** Refused by the provider for good (by its code): never sent again. */
export function markMessageRefused(
  table: DistrictTable,
  message: MessageKey,
  refused: { at: string; code: string },
) {
  return update(table, message, {
    set: '#status = :refused, refusedAt = :at, refusedCode = :code',
    remove: OFF_PENDING,
    condition: 'attribute_exists(PK)',
    values: { ':refused': 'refused', ':at': refused.at, ':code': refused.code },
  });
}

/** Its last attempt failed: given up. */
export function markMessageFailed(
  table: DistrictTable,
  message: MessageKey,
  failed: { at: string; error: string },
) {
  return update(table, message, {
    set: '#status = :failed, failedAt = :at, lastError = :error',
    remove: OFF_PENDING,
    condition: 'attribute_exists(PK)',
    values: { ':failed': 'failed', ':at': failed.at, ':error': failed.error },
  });
}

/** A transaction holds at most 100 items. */
const TRANSACTION_ITEMS = 100;

/**
 * Merges held messages into a digest: the digest's Put and each constituent marked `merged` (if it
 * is still held) in one TransactWrite, the rest in further ones if they are many. False when the
 * first transaction was cancelled: another sweep merged or sent them first.
 */
export async function mergeIntoDigest(
  table: DistrictTable,
  digest: { owner: string; message: NewMessage; queuedAt: string },
  constituents: readonly StoredMessage[],
): Promise<boolean> {
  const merges: TransactItem[] = constituents.map((message) => ({
    Update: {
      TableName: table.name,
      Key: message.at,
      UpdateExpression: `SET #status = :merged, mergedInto = :digest REMOVE ${OFF_PENDING}`,
      ConditionExpression: '#status = :held',
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':merged': 'merged', ':held': 'held', ':digest': digest.message.key },
    },
  }));
  const writes = [messagePut(table, digest.owner, digest.message, digest.queuedAt), ...merges];
  for (let start = 0; start < writes.length; start += TRANSACTION_ITEMS) {
    const chunk = writes.slice(start, start + TRANSACTION_ITEMS);
    const done = await table.db.send(new TransactWriteCommand({ TransactItems: chunk })).then(
      () => true,
      (error: unknown) => {
        if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
        throw error;
      },
    );
    if (!done && start === 0) return false;
  }
  return true;
}

/**
 * Messages the sweep should look at now (GSI4 `OUTBOX#pending`, keys only, then one BatchGet): held
 * ones whose window ended, fresh ones left behind, retries due, claims gone stale. Oldest first.
 */
export async function pendingMessages(
  table: DistrictTable,
  now: string,
  limit = 500,
): Promise<StoredMessage[]> {
  const found: Item[] = [];
  const query = {
    IndexName: indexes.outboxPending.name,
    KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK < :upto',
    ExpressionAttributeValues: { ':pk': indexes.outboxPending.pk(), ':upto': `${now}~` },
  };
  for await (const page of queryPages(table, query)) {
    found.push(...page.map((item) => ({ PK: item.PK, SK: item.SK })));
    if (found.length >= limit) break;
  }
  const items = await batchGet(table, found.slice(0, limit));
  return items
    .map(stored)
    .filter(
      (message) => message.status === 'queued' || message.status === 'held' || message.status === 'sending',
    );
}

/** One page of a day's messages (GSI2 `OUTBOX#<day>`, then BatchGet), oldest first, of one status or all. */
export async function messagesOfDay(
  table: DistrictTable,
  query: { day: string; status?: MessageStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<StoredMessage>> {
  const page = await queryPage(
    table,
    { index: indexes.outboxDay.name, partition: indexes.outboxDay.pk(query.day) },
    query,
    (item) => ({ PK: String(item.PK), SK: String(item.SK) }),
    query.status
      ? { filter: { expression: '#status = :status', names: NAMES, values: { ':status': query.status } } }
      : {},
  );
  const items = await batchGet(table, page.items, { consistent: false });
  const byKey = new Map(items.map((item) => [`${String(item.PK)}|${String(item.SK)}`, stored(item)]));
  return {
    items: page.items.flatMap((at) => byKey.get(`${at.PK}|${at.SK}`) ?? []),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/**
 * When a stored message was published to the notifications topic: `undefined` if it was not yet,
 * `null` if there is no such message (any more). Read consistently: a replayed stream record must
 * see the mark its first delivery set.
 */
export async function messagePublishedAt(
  table: DistrictTable,
  message: MessageKey,
): Promise<string | undefined | null> {
  const { Item } = await table.db.send(
    new GetCommand({
      TableName: table.name,
      Key: message,
      ConsistentRead: true,
      ProjectionExpression: 'PK, publishedAt',
    }),
  );
  if (!Item) return null;
  return typeof Item.publishedAt === 'string' ? Item.publishedAt : undefined;
}

/** Marks a stored message published; false when it was already marked (or is gone). */
export async function markMessagePublished(
  table: DistrictTable,
  message: MessageKey,
  at: string,
): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: message,
        UpdateExpression: 'SET publishedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(publishedAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    ),
  );
}

/**
 * Claims a message's e-mail: never claimed, or claimed by a sender that died (over
 * CLAIM_TIMEOUT_MS ago). The SMS has its own status: the e-mail's is beside it, so neither channel
 * waits for or blocks the other. One claim wins; a redelivered event finds it claimed or sent.
 */
export function claimEmail(table: DistrictTable, at: MessageKey, now: string) {
  return update(table, at, {
    set: 'emailStatus = :sending, emailClaimedAt = :now',
    condition:
      'attribute_exists(PK) AND (attribute_not_exists(emailStatus) OR (emailStatus = :sending AND emailClaimedAt <= :stale))',
    values: {
      ':sending': 'sending',
      ':now': now,
      ':stale': new Date(new Date(now).getTime() - CLAIM_TIMEOUT_MS).toISOString(),
    },
  });
}

/** The e-mail went (or was refused for good): nothing sends it again. */
export function markEmailDone(
  table: DistrictTable,
  at: MessageKey,
  done: { status: 'sent'; at: string; messageId: string } | { status: 'refused'; at: string; error: string },
) {
  return update(table, at, {
    set:
      done.status === 'sent'
        ? 'emailStatus = :status, emailSentAt = :at, emailMessageId = :detail'
        : 'emailStatus = :status, emailSentAt = :at, emailError = :detail',
    condition: 'emailStatus = :sending',
    values: {
      ':status': done.status,
      ':at': done.at,
      ':detail': done.status === 'sent' ? done.messageId : done.error,
      ':sending': 'sending',
    },
  });
}

/** A send that failed and may be tried again: the claim is let go, so the queue's redelivery claims it anew. */
export function releaseEmailClaim(table: DistrictTable, at: MessageKey, error: string) {
  return update(table, at, {
    set: 'emailError = :error',
    remove: 'emailStatus, emailClaimedAt',
    condition: 'emailStatus = :sending',
    values: { ':error': error, ':sending': 'sending' },
  });
}
