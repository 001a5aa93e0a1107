import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../errors.js';
import { decodeCursor, encodeCursor, type Listing } from './cursor.js';

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

export type Item = Record<string, unknown>;

/** Strips the key and index attributes an item carries in the table, leaving the domain object. */
export function withoutKeys<T>(item: Item): T {
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

/**
 * How a batch call retries what DynamoDB left unprocessed (a throttled or busy partition): at most
 * `attempts` calls per batch, with an exponential backoff between them, jittered so that writers
 * backing off together do not retry in step. About 4.5 s of waiting at worst, then a 503.
 */
export const BATCH_RETRY = { attempts: 10, baseDelayMs: 25, maxDelayMs: 1000 } as const;

/** The wait before retry `retry` (1, 2, …): between half and all of min(max, base × 2^(retry − 1)). */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BATCH_RETRY.maxDelayMs, BATCH_RETRY.baseDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

// The global timer rather than timers/promises: the one a test's fake clock drives.
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `list` in batches of `size`, each batch again with what `send` returns unprocessed, as
 * BATCH_RETRY says. What is still unprocessed after the last attempt is a ServiceUnavailableError
 * naming how many of the items were not `done` (those left and those of the batches not sent).
 */
async function inBatches<T>(
  list: readonly T[],
  size: number,
  done: 'read' | 'written',
  send: (batch: T[]) => Promise<T[]>,
): Promise<void> {
  for (let start = 0; start < list.length; start += size) {
    let pending = list.slice(start, start + size);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRY.attempts) {
        const left = pending.length + Math.max(0, list.length - start - size);
        throw new ServiceUnavailableError(
          `The table is busy: ${left} of ${list.length} items were not ${done} after ${BATCH_RETRY.attempts} attempts; try again.`,
        );
      }
      if (attempt > 1) await pause(backoffDelay(attempt - 1));
      pending = await send(pending);
    }
  }
}

/** Items by key, one BatchGet per hundred keys, read consistently unless told not to; missing ones are absent. */
export async function batchGet(
  table: DistrictTable,
  itemKeys: readonly Item[],
  { consistent = true }: { consistent?: boolean } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  await inBatches(itemKeys, 100, 'read', async (Keys) => {
    const { Responses, UnprocessedKeys } = await table.db.send(
      new BatchGetCommand({ RequestItems: { [table.name]: { Keys, ConsistentRead: consistent } } }),
    );
    found.push(...(Responses?.[table.name] ?? []));
    return UnprocessedKeys?.[table.name]?.Keys ?? [];
  });
  return found;
}

/** Puts items, one BatchWrite per 25. Plain puts: writing the same items again changes nothing. */
export async function batchPut(table: DistrictTable, items: readonly Item[]): Promise<void> {
  type PutRequest = { PutRequest: { Item: Item } };
  await inBatches(
    items.map((Item): PutRequest => ({ PutRequest: { Item } })),
    25,
    'written',
    async (requests) => {
      const { UnprocessedItems } = await table.db.send(
        new BatchWriteCommand({ RequestItems: { [table.name]: requests } }),
      );
      return (UnprocessedItems?.[table.name] ?? []) as PutRequest[];
    },
  );
}

/** A Query's input but the table and where its page starts: the toolkit sets those. */
export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** The Query of a listing: its partition, on the table or its index, narrowed to its sort key prefix if it has one. */
export function listingQuery({ index, partition, sortPrefix }: Listing): QueryInput {
  const [partitionKey, sortKey] = index ? [`${index}PK`, `${index}SK`] : ['PK', 'SK'];
  return {
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression:
      sortPrefix === undefined
        ? `${partitionKey} = :pk`
        : `${partitionKey} = :pk AND begins_with(${sortKey}, :prefix)`,
    ExpressionAttributeValues: {
      ':pk': partition,
      ...(sortPrefix === undefined ? {} : { ':prefix': sortPrefix }),
    },
  };
}

/** One Query call: a page (at most `Limit` items and 1 MB) and the key after its last item, if there is more. */
async function queryFrom(table: DistrictTable, input: QueryInput, start?: Item) {
  const { Items = [], LastEvaluatedKey } = await table.db.send(
    new QueryCommand({ ...input, TableName: table.name, ...(start ? { ExclusiveStartKey: start } : {}) }),
  );
  return { items: Items, last: LastEvaluatedKey };
}

/** The pages of a Query in order, following LastEvaluatedKey; a caller that has seen enough stops asking. */
export async function* queryPages(table: DistrictTable, input: QueryInput): AsyncGenerator<Item[]> {
  let start: Item | undefined;
  do {
    const page = await queryFrom(table, input, start);
    yield page.items;
    start = page.last;
  } while (start);
}

/** Every item a Query finds, all its pages. */
export async function queryAll(table: DistrictTable, input: QueryInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(table, input)) items.push(...page);
  return items;
}

/**
 * A filter on a listing's page: DynamoDB applies it after reading the page's `Limit` items, so a
 * filtered page may hold fewer items than asked for (even none) and still have a next cursor.
 */
export interface QueryFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * One page of a listing, `read` into what the caller returns: at most `limit` items, from where
 * `cursor` says, and the cursor of the next page when there is more. Both go through cursor.ts, so
 * a cursor is only good for the listing it came from (anything else is a 400 naming `cursor`).
 * With a `filter`, the items of the page it keeps.
 */
export async function queryPage<T>(
  table: DistrictTable,
  listing: Listing,
  page: { limit: number; cursor?: string | undefined },
  read: (item: Item) => T,
  options: Pick<QueryInput, 'ScanIndexForward' | 'ConsistentRead'> & { filter?: QueryFilter } = {},
): Promise<Page<T>> {
  const { filter, ...order } = options;
  const query = listingQuery(listing);
  const { items, last } = await queryFrom(
    table,
    {
      ...query,
      ...order,
      ...(filter
        ? {
            FilterExpression: filter.expression,
            ExpressionAttributeNames: filter.names,
            ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...filter.values },
          }
        : {}),
      Limit: page.limit,
    },
    page.cursor ? decodeCursor(page.cursor, listing) : undefined,
  );
  return { items: items.map(read), ...(last ? { nextCursor: encodeCursor(last) } : {}) };
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
