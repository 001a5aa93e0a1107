import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredDelivery } from '../domain/intake-delivery.js';
import { indexes, keys, SK_PREFIX } from './keys.js';
import { withoutKeys, type DistrictTable } from './table.js';

const DAY_SECONDS = 24 * 3600;
/** Deliveries are kept 30 days (dedupe is promised for 7); rejections 90, for the partner's support. */
const DELIVERY_DAYS = 30;
const REJECTION_DAYS = 90;
const expiry = (at: string, days: number) => Math.floor(new Date(at).getTime() / 1000) + days * DAY_SECONDS;

/**
 * Stores a delivery unless one with its id is there: the first write wins and every retry,
 * sequential or concurrent, gets the stored one back (`duplicate`).
 */
export async function putDelivery(
  table: DistrictTable,
  delivery: StoredDelivery,
): Promise<{ delivery: StoredDelivery; duplicate: boolean }> {
  try {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.delivery(delivery.deliveryId),
          GSI2PK: indexes.unprocessedDeliveries.pk(),
          GSI2SK: indexes.unprocessedDeliveries.sk(delivery.receivedAt, delivery.deliveryId),
          type: 'delivery',
          ...delivery,
          expiresAt: expiry(delivery.receivedAt, DELIVERY_DAYS),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        // A refused write hands back what is stored: a duplicate costs no second read.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { delivery, duplicate: false };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
    return { delivery: fromItem(unmarshall(error.Item)), duplicate: true };
  }
}

function fromItem(item: Record<string, unknown>): StoredDelivery {
  const {
    type: _type,
    expiresAt: _expires,
    ...delivery
  } = withoutKeys<StoredDelivery & { type: string; expiresAt: number }>(item);
  return delivery;
}

export async function getDelivery(
  table: DistrictTable,
  deliveryId: string,
): Promise<StoredDelivery | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.delivery(deliveryId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** The delivery became a request (in a household's lifecycle or in triage): it leaves the unprocessed index. */
export async function markProcessed(
  table: DistrictTable,
  deliveryId: string,
  outcome: NonNullable<StoredDelivery['outcome']>,
): Promise<void> {
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.delivery(deliveryId),
      UpdateExpression: 'SET #status = :processed, outcome = :outcome REMOVE GSI2PK, GSI2SK',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':processed': 'processed', ':outcome': outcome },
    }),
  );
}

/** The ids of deliveries received before `before` and not processed yet, oldest first (at most `limit`). */
export async function unprocessedDeliveries(
  table: DistrictTable,
  before: string,
  limit: number,
): Promise<string[]> {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: indexes.unprocessedDeliveries.name,
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
      ExpressionAttributeValues: { ':pk': indexes.unprocessedDeliveries.pk(), ':before': before },
      Limit: limit,
    }),
  );
  return Items.map((item) => String(item.PK).replace(/^DELIVERY#/, ''));
}

/** Why a delivery was refused: no body is kept (it may be anyone's), only what helps the partner fix it. */
export interface Rejection {
  partnerId: string;
  at: string;
  status: number;
  reason: string;
  bodyBytes: number;
  sourceIp?: string;
}

/**
 * At most this many refusals of one partner are kept as records per hour; beyond, only the hour's
 * counter grows, so a flood writes a bounded number of items. A constant, not district config: it
 * bounds what anyone on the internet can make the table hold, whichever district; 60 an hour is more
 * than a misconfigured product's retries (a few per submission) and enough to show the partner why.
 */
export const REJECTIONS_KEPT_PER_HOUR = 60;

/** How many of a partner's deliveries were refused in an hour (UTC, `2026-12-01T21`). */
export interface RejectionHour {
  hour: string;
  refused: number;
}

/** Counts the refusal in its hour, and keeps its record while the hour has kept fewer than the cap. */
export async function recordRejection(table: DistrictTable, rejection: Rejection): Promise<void> {
  const hour = rejection.at.slice(0, 13);
  const { Attributes } = await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.rejectionHour(rejection.partnerId, hour),
      // HOUR is a reserved word: every name goes through a placeholder.
      UpdateExpression: 'SET #type = :type, #hour = :hour, #expires = :expires ADD #refused :one',
      ExpressionAttributeNames: {
        '#type': 'type',
        '#hour': 'hour',
        '#expires': 'expiresAt',
        '#refused': 'refused',
      },
      ExpressionAttributeValues: {
        ':type': 'rejection-hour',
        ':hour': hour,
        ':expires': expiry(rejection.at, REJECTION_DAYS),
        ':one': 1,
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  if (Number(Attributes?.refused ?? 1) > REJECTIONS_KEPT_PER_HOUR) return;
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.rejection(rejection.partnerId, rejection.at, randomBytes(4).toString('hex')),
        type: 'rejection',
        ...rejection,
        expiresAt: expiry(rejection.at, REJECTION_DAYS),
      },
    }),
  );
}

/** A partner's latest rejections, newest first (the records before the hour counters in SK order). */
export async function listRejections(
  table: DistrictTable,
  partnerId: string,
  limit: number,
): Promise<Rejection[]> {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND SK < :counters',
      ExpressionAttributeValues: {
        ':pk': keys.rejectionPartition(partnerId),
        ':counters': SK_PREFIX.rejectionHour,
      },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => {
    const {
      type: _type,
      expiresAt: _expires,
      ...rejection
    } = withoutKeys<Rejection & { type: string; expiresAt: number }>(item);
    return rejection;
  });
}

/** How many deliveries of the partner were refused in each of its latest hours with any, newest first. */
export async function listRejectionHours(
  table: DistrictTable,
  partnerId: string,
  limit: number,
): Promise<RejectionHour[]> {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :counters)',
      ExpressionAttributeValues: {
        ':pk': keys.rejectionPartition(partnerId),
        ':counters': SK_PREFIX.rejectionHour,
      },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => ({ hour: String(item.hour), refused: Number(item.refused) }));
}
