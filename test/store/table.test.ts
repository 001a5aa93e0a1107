import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServiceUnavailableError, ValidationError } from '../../shared/errors.js';
import { encodeCursor, type Listing } from '../../shared/store/cursor.js';
import { createDocumentClient } from '../../shared/store/document-client.js';
import {
  backoffDelay,
  BATCH_RETRY,
  batchGet,
  batchPut,
  queryAll,
  queryPage,
  queryPages,
  type DistrictTable,
} from '../../shared/store/table.js';

/** The table toolkit: batches retried a bounded number of times with jittered backoff, one paged query. */
const ddb = mockClient(DynamoDBDocumentClient);
const table: DistrictTable = { db: createDocumentClient(), name: 'sanzhang-unit-test' };

const item = (n: number) => ({ PK: `P#${n}`, SK: 'ITEM', n });
const items = (count: number, from = 0) => Array.from({ length: count }, (_, index) => item(from + index));
const puts = (list: Record<string, unknown>[]) => list.map((Item) => ({ PutRequest: { Item } }));
const keyOf = ({ PK, SK }: { PK: string; SK: string }) => ({ PK, SK });

const written = () =>
  ddb.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[table.name] ?? []);
const asked = () =>
  ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.[table.name]);

/** Runs `work` with the fake clock moved on until it settles (the backoff's waits take no real time). */
async function settled<T>(work: Promise<T>): Promise<T> {
  const outcome = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const result = await outcome;
  if ('error' in result) throw result.error;
  return result.value;
}

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(() => {
  ddb.restore();
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, jittered between half and all of it', () => {
    const ceilings = Array.from({ length: 12 }, (_, index) => backoffDelay(index + 1, () => 1));
    expect(ceilings).toEqual([25, 50, 100, 200, 400, 800, 1000, 1000, 1000, 1000, 1000, 1000]);
    for (const [index, ceiling] of ceilings.entries()) {
      expect(backoffDelay(index + 1, () => 0)).toBe(ceiling / 2);
    }
  });

  it('stays within its bounds whatever the random draw', () => {
    for (let retry = 1; retry <= BATCH_RETRY.attempts; retry++) {
      const ceiling = Math.min(BATCH_RETRY.maxDelayMs, BATCH_RETRY.baseDelayMs * 2 ** (retry - 1));
      for (let draw = 0; draw < 50; draw++) {
        const delay = backoffDelay(retry);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('batchPut', () => {
  it('puts 25 items a BatchWrite', async () => {
    ddb.on(BatchWriteCommand).resolves({});

    await batchPut(table, items(60));

    expect(written()).toEqual([puts(items(25)), puts(items(25, 25)), puts(items(10, 50))]);
  });

  it('sends again only what DynamoDB left unprocessed, after a jittered wait', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [table.name]: puts(items(3, 7)) } })
      .resolves({});

    const done = batchPut(table, items(10));
    await vi.advanceTimersByTimeAsync(backoffDelay(1, () => 0) - 1);
    expect(written()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;

    expect(written()).toEqual([puts(items(10)), puts(items(3, 7))]);
  });

  it('gives up after BATCH_RETRY.attempts with a 503 naming how many items were not written', async () => {
    const stuck = puts(items(3, 25));
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({})
      .resolves({ UnprocessedItems: { [table.name]: stuck } });

    const failure = await settled(batchPut(table, items(60))).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as ServiceUnavailableError).status).toBe(503);
    // The 3 the second batch kept back, and the 10 of the third, never sent.
    expect((failure as Error).message).toMatch(/13 of 60 items were not written after 10 attempts/);
    expect(written()).toHaveLength(1 + BATCH_RETRY.attempts);
  });

  it('waits longer between attempts, never past the cap', async () => {
    vi.useRealTimers();
    const waits: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms: number) => {
      waits.push(ms);
      return realSetTimeout(callback, 0);
    }) as typeof setTimeout);
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { [table.name]: puts(items(1)) } });

    await expect(batchPut(table, items(1))).rejects.toBeInstanceOf(ServiceUnavailableError);

    expect(waits).toHaveLength(BATCH_RETRY.attempts - 1);
    waits.forEach((wait, index) => {
      const ceiling = Math.min(BATCH_RETRY.maxDelayMs, BATCH_RETRY.baseDelayMs * 2 ** index);
      expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
      expect(wait).toBeLessThanOrEqual(ceiling);
    });
  });
});

describe('batchGet', () => {
  it('reads a hundred keys a BatchGet, consistently unless told not to, and retries unprocessed keys', async () => {
    const keys = items(150).map(keyOf);
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [table.name]: items(98) },
        UnprocessedKeys: { [table.name]: { Keys: keys.slice(98, 100) } },
      })
      .resolvesOnce({ Responses: { [table.name]: items(2, 98) } })
      .resolves({ Responses: { [table.name]: items(50, 100) } });

    const found = await settled(batchGet(table, keys));

    expect(found).toEqual(items(150));
    expect(asked()).toEqual([
      { Keys: keys.slice(0, 100), ConsistentRead: true },
      { Keys: keys.slice(98, 100), ConsistentRead: true },
      { Keys: keys.slice(100), ConsistentRead: true },
    ]);

    ddb.reset();
    ddb.on(BatchGetCommand).resolves({ Responses: { [table.name]: [] } });
    await batchGet(table, keys.slice(0, 1), { consistent: false });
    expect(asked()).toEqual([{ Keys: keys.slice(0, 1), ConsistentRead: false }]);
  });

  it('gives up after BATCH_RETRY.attempts with a 503 naming how many keys were not read', async () => {
    const keys = items(5).map(keyOf);
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { [table.name]: { Keys: keys.slice(0, 2) } } });

    const failure = await settled(batchGet(table, keys)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).message).toMatch(/2 of 5 items were not read/);
    expect(asked()).toHaveLength(BATCH_RETRY.attempts);
  });

  it('sends nothing for no keys', async () => {
    expect(await batchGet(table, [])).toEqual([]);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('queries', () => {
  const listing: Listing = { index: 'GSI1', partition: 'CHILDREN#bd-1', sortPrefix: 'unit#' };
  const lastKey = { PK: 'NODE#un-1', SK: 'NODE', GSI1PK: 'CHILDREN#bd-1', GSI1SK: 'unit#un-1' };

  it('queryPage reads one page of the listing and encodes where the next starts', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1)], LastEvaluatedKey: lastKey });

    const page = await queryPage(table, listing, { limit: 1 }, (found) => found.n, {
      ScanIndexForward: false,
    });

    expect(page).toEqual({ items: [1], nextCursor: encodeCursor(lastKey) });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CHILDREN#bd-1', ':prefix': 'unit#' },
      ScanIndexForward: false,
      Limit: 1,
    });
  });

  it('queryPage starts where its cursor says, and has no next cursor on the last page', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(2)] });

    const page = await queryPage(
      table,
      listing,
      { limit: 1, cursor: encodeCursor(lastKey) },
      (found) => found.n,
    );

    expect(page).toEqual({ items: [2] });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
  });

  it('queryPage refuses a cursor of another listing before it queries', async () => {
    const elsewhere = encodeCursor({ ...lastKey, GSI1PK: 'CHILDREN#bd-2' });

    await expect(
      queryPage(table, listing, { limit: 1, cursor: elsewhere }, (found) => found),
    ).rejects.toThrow(ValidationError);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('queryAll follows every page; queryPages stops when its reader does', async () => {
    const input = { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'P#1' } };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item(1)], LastEvaluatedKey: keyOf(item(1)) })
      .resolvesOnce({ Items: [item(2)], LastEvaluatedKey: keyOf(item(2)) })
      .resolves({ Items: [item(3)] });

    expect(await queryAll(table, input)).toEqual([item(1), item(2), item(3)]);
    const starts = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExclusiveStartKey);
    expect(starts).toEqual([undefined, keyOf(item(1)), keyOf(item(2))]);

    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [item(4)], LastEvaluatedKey: keyOf(item(4)) });
    for await (const page of queryPages(table, input)) {
      expect(page).toEqual([item(4)]);
      break;
    }
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });
});
