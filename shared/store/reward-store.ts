import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Redemption, Reward } from '../domain/reward-rules.js';
import { indexes, keys } from './keys.js';
import { conditionHeld, type DistrictTable, type Item, queryAll, queryPage, withoutKeys } from './table.js';
import type { TransactItem } from './ledger-store.js';

export function rewardItem(reward: Reward) {
  return {
    ...keys.reward(reward.id),
    GSI1PK: indexes.rewardsOf.pk(reward.scope),
    GSI1SK: indexes.rewardsOf.sk(reward.id),
    type: 'reward',
    ...reward,
  };
}

/** Adds a reward; false when the id is taken. */
export async function putNewReward(table: DistrictTable, reward: Reward): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: rewardItem(reward),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  );
}

/** Replaces a reward if its stock, price and status are still as read; false when they changed. */
export async function replaceReward(table: DistrictTable, read: Reward, next: Reward): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: rewardItem(next),
        ConditionExpression: 'stock = :stock AND pricePoints = :price AND #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':stock': read.stock,
          ':price': read.pricePoints,
          ':status': read.status,
        },
      }),
    ),
  );
}

export async function getReward(table: DistrictTable, id: string): Promise<Reward | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.reward(id), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { type: _type, ...reward } = withoutKeys<Reward & { type: string }>(Item);
  return reward;
}

/** A catalogue: one Query of the scope's rewards. */
export async function listRewards(table: DistrictTable, scope: string): Promise<Reward[]> {
  const items = await queryAll(table, {
    IndexName: indexes.rewardsOf.name,
    KeyConditionExpression: 'GSI1PK = :scope',
    ExpressionAttributeValues: { ':scope': indexes.rewardsOf.pk(scope) },
  });
  return items.map((item) => {
    const { type: _type, ...reward } = withoutKeys<Reward & { type: string }>(item);
    return reward;
  });
}

/** Takes one from the stock, if the reward is active, in stock and still at the price the leader saw. */
export function takeOneWrite(
  table: DistrictTable,
  reward: Reward,
  redeemer: string,
  at: string,
): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.reward(reward.id),
      UpdateExpression: 'ADD stock :minusOne SET updatedAt = :at',
      // The redeemer did not set its price or stock since it was read (separation of duties).
      ConditionExpression:
        'stock >= :one AND #status = :active AND pricePoints = :price AND (attribute_not_exists(setBy) OR setBy <> :redeemer)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':minusOne': -1,
        ':one': 1,
        ':active': 'active',
        ':price': reward.pricePoints,
        ':redeemer': redeemer,
        ':at': at,
      },
    },
  };
}

/** Puts one back in stock (a cancelled redemption), whatever the reward's status now. */
export function returnOneWrite(table: DistrictTable, rewardId: string, at: string): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.reward(rewardId),
      UpdateExpression: 'ADD stock :one SET updatedAt = :at',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':one': 1, ':at': at },
    },
  };
}

export function newRedemptionWrite(table: DistrictTable, redemption: Redemption): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...keys.redemption(redemption.id),
        GSI3PK: indexes.redemptionsOf.pk(redemption.personId),
        GSI3SK: indexes.redemptionsOf.sk(redemption.createdAt, redemption.id),
        GSI2PK: indexes.reservedIn.pk(redemption.scope),
        GSI2SK: indexes.reservedIn.sk(redemption.createdAt, redemption.id),
        type: 'redemption',
        ...redemption,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Moves a reserved redemption on (fulfilled or cancelled); the condition is that it is still reserved. */
export function closeRedemptionWrite(
  table: DistrictTable,
  id: string,
  change: Pick<Redemption, 'status' | 'updatedAt' | 'by'> & { refundTransferId?: string },
): TransactItem {
  const refund = change.refundTransferId !== undefined;
  return {
    Update: {
      TableName: table.name,
      Key: keys.redemption(id),
      // Leaving `reserved` also leaves the grid station's list (the sparse GSI2 entry goes).
      UpdateExpression: `SET #status = :status, updatedAt = :at, #by = :by${refund ? ', refundTransferId = :refund' : ''} REMOVE GSI2PK, GSI2SK`,
      ConditionExpression: '#status = :reserved',
      ExpressionAttributeNames: { '#status': 'status', '#by': 'by' },
      ExpressionAttributeValues: {
        ':status': change.status,
        ':at': change.updatedAt,
        ':by': change.by ?? '',
        ':reserved': 'reserved',
        ...(refund ? { ':refund': change.refundTransferId } : {}),
      },
    },
  };
}

function redemptionOf(item: Item): Redemption {
  const { type: _type, ...redemption } = withoutKeys<Redemption & { type: string }>(item);
  return redemption;
}

export async function getRedemption(table: DistrictTable, id: string): Promise<Redemption | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.redemption(id), ConsistentRead: true }),
  );
  return Item ? redemptionOf(Item) : undefined;
}

export type RedemptionListing = { by: 'person'; personId: string } | { by: 'reserved'; scope: string };

/** A leader's redemptions, newest first, or a catalogue's still to be collected, oldest first: one Query. */
export function listRedemptions(
  table: DistrictTable,
  listing: RedemptionListing,
  page: { limit: number; cursor?: string },
) {
  const listed =
    listing.by === 'person'
      ? { index: indexes.redemptionsOf.name, partition: indexes.redemptionsOf.pk(listing.personId) }
      : { index: indexes.reservedIn.name, partition: indexes.reservedIn.pk(listing.scope) };
  return queryPage(table, listed, page, redemptionOf, { ScanIndexForward: listing.by !== 'person' });
}
