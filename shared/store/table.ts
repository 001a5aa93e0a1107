import { setTimeout } from 'node:timers/promises';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The district table and the client that reaches it: DynamoDB in AWS, DynamoDB Local on a laptop. */
export interface DistrictTable {
  db: DynamoDBDocumentClient;
  name: string;
  /**
   * The district's IANA time zone: ledger entries are attributed to a month in it. Needed only by
   * code that writes transfers (`transferWrites` refuses without it).
   */
  timeZone?: string;
}

/** Strips the key and index attributes an item carries in the table, leaving the domain object. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _1,
    GSI1SK: _2,
    GSI2PK: _3,
    GSI2SK: _4,
    GSI3PK: _5,
    GSI3SK: _6,
    GSI4PK: _7,
    GSI4SK: _8,
    ...rest
  } = item;
  return rest as T;
}

/** Items by key, read consistently (one BatchGet per hundred, unprocessed keys retried); missing ones are absent. */
export async function batchGet(
  table: DistrictTable,
  itemKeys: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += 100) {
    let Keys = itemKeys.slice(start, start + 100);
    while (Keys.length > 0) {
      const { Responses, UnprocessedKeys } = await table.db.send(
        new BatchGetCommand({ RequestItems: { [table.name]: { Keys: [...Keys], ConsistentRead: true } } }),
      );
      found.push(...(Responses?.[table.name] ?? []));
      Keys = UnprocessedKeys?.[table.name]?.Keys ?? [];
      if (Keys.length > 0) await setTimeout(50);
    }
  }
  return found;
}

/** Every item a Query finds, following LastEvaluatedKey through all its pages. */
export async function queryAll(
  table: DistrictTable,
  input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({ ...input, TableName: table.name, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** A conditional write: true when it was made, false when its condition did not hold (anything else throws). */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
