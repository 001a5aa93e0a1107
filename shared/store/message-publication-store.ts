import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionHeld, type DistrictTable } from './table.js';

type ItemKey = { PK: string; SK: string };

/**
 * When a stored message was published to the notifications topic: `undefined` if it was not yet,
 * `null` if there is no such message (any more). Read consistently: a replayed stream record must
 * see the mark its first delivery set.
 */
export async function messagePublishedAt(
  table: DistrictTable,
  message: ItemKey,
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
  message: ItemKey,
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
