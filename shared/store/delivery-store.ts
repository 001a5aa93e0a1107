import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredDelivery } from '../intake/delivery.js';
import { indexes, keys } from './keys.js';
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

export async function recordRejection(table: DistrictTable, rejection: Rejection): Promise<void> {
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

/** A partner's latest rejections, newest first. */
export async function listRejections(
  table: DistrictTable,
  partnerId: string,
  limit: number,
): Promise<Rejection[]> {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.rejectionPartition(partnerId) },
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
