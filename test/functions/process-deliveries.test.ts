import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/intake/process-deliveries.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { deliveryIds, type StoredDelivery } from '../../shared/domain/intake-delivery.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { logger } from '../../shared/logger.js';
import { keys } from '../../shared/store/keys.js';
import {
  ddb,
  givenHousehold,
  givenNode,
  givenStoredRequest,
  mockDependencies,
  MONDAY_10,
  submittedRequest,
  TABLE,
  transactions,
  type TestDependencies,
} from '../support/mock-dependencies.js';
import { insertRecord, removeRecord, streamEvent } from '../support/stream-event.js';

let deps: TestDependencies;
beforeEach(() => {
  deps = mockDependencies();
  vi.spyOn(logger, 'error').mockImplementation(() => {});
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
  vi.restoreAllMocks();
});

const PARTNER_ID = 'pt-property';

/** A delivery as receive-delivery stores it, for a household id (or, with none, nothing that resolves). */
function storedDelivery(externalId: string, householdId?: string): StoredDelivery {
  const { deliveryId, requestId } = deliveryIds(PARTNER_ID, externalId);
  return {
    deliveryId,
    partnerId: PARTNER_ID,
    requestId,
    channel: 'sanzhang',
    receivedAt: MONDAY_10.toISOString(),
    contentType: 'application/json',
    body: JSON.stringify({ submissionId: externalId, householdId, description: '楼道灯坏了' }),
    submission: {
      externalId,
      description: '楼道灯坏了',
      photos: [],
      ...(householdId ? { householdId } : { address: { text: '不知道哪里' } }),
    },
    category: 'repair',
    partner: { name: '银融物业报修系统', scope: 'cm-yinrong', triageCommunityId: 'cm-yinrong' },
    status: 'received',
  };
}

/** A delivery's insert on the stream, as receive-delivery stores it. */
const deliveryInserted = (delivery: StoredDelivery, sequenceNumber: string) =>
  insertRecord(
    { ...keys.delivery(delivery.deliveryId), type: 'delivery', ...delivery, expiresAt: 1_800_000_000 },
    sequenceNumber,
  );

/** The request items the transactions wrote, by id. */
const requestsWritten = () =>
  transactions().flatMap((items) =>
    items.flatMap((item) => (item.Put?.Item?.SK === 'REQUEST' ? [item.Put.Item] : [])),
  );
const requestReads = (requestId: string) => ddb.commandCalls(GetCommand, { Key: keys.request(requestId) });
/** The deliveries marked processed (their PK), in order. */
const deliveriesMarked = () =>
  ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key?.PK as string);
/** The writes sent, in order: a request committed, a delivery marked processed. */
const writesInOrder = () =>
  ddb.calls().flatMap((call) => {
    const command = call.args[0];
    if (command instanceof TransactWriteCommand) return ['commit'];
    if (command instanceof UpdateCommand) return ['mark processed'];
    return [];
  });

describe('a delivery for a household id that resolves', () => {
  const delivery = () => storedDelivery('wo-1001', DEMO_HOUSEHOLD_ID);

  it('commits the request in its household, then marks the delivery processed, starting no execution (the request’s insert does)', async () => {
    givenHousehold();
    const { requestId, deliveryId } = delivery();

    const result = await handler(streamEvent(deliveryInserted(delivery(), '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(requestsWritten()).toEqual([
      expect.objectContaining({
        PK: `REQ#${requestId}`,
        id: requestId,
        householdId: DEMO_HOUSEHOLD_ID,
        status: 'submitted',
        version: 1,
        submittedBy: { kind: 'partner', id: PARTNER_ID, name: '银融物业报修系统' },
        intake: { partnerId: PARTNER_ID, channel: 'sanzhang', externalId: 'wo-1001' },
        description: '楼道灯坏了',
      }),
    ]);
    expect(transactions()[0]![0]!.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(writesInOrder()).toEqual(['commit', 'mark processed']);
    expect(deps.workflow.started).toEqual([]);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      TableName: TABLE,
      Key: keys.delivery(deliveryId),
      ExpressionAttributeValues: {
        ':processed': 'processed',
        ':outcome': { placed: 'household', by: 'id', at: deps.clock.now().toISOString() },
      },
    });
  });

  it('only marks the delivery processed when a retry finds the request stored, as it was placed', async () => {
    const { requestId, deliveryId } = delivery();
    const stored = submittedRequest(requestId);
    givenStoredRequest({ request: stored });

    const result = await handler(streamEvent(deliveryInserted(delivery(), '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(transactions()).toEqual([]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      Key: keys.delivery(deliveryId),
      ExpressionAttributeValues: { ':outcome': { placed: 'household', at: stored.createdAt } },
    });
    expect(deps.workflow.started).toEqual([]);
  });

  it('writes nothing when a retry finds the request stored and the delivery processed', async () => {
    const { requestId } = delivery();
    givenStoredRequest({ request: submittedRequest(requestId) });

    const result = await handler(
      streamEvent(deliveryInserted({ ...delivery(), status: 'processed' }, '100')),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(requestReads(requestId)).toHaveLength(1);
    expect(writesInOrder()).toEqual([]);
    expect(deps.workflow.started).toEqual([]);
  });
});

describe('a delivery no household matches', () => {
  it('is committed in triage with the partner’s community', async () => {
    givenNode('cm-yinrong');
    const delivery = storedDelivery('wo-1004');

    const result = await handler(streamEvent(deliveryInserted(delivery, '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(requestsWritten()).toEqual([
      expect.objectContaining({ id: delivery.requestId, status: 'triage', level: 'community' }),
    ]);
    expect(writesInOrder()).toEqual(['commit', 'mark processed']);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      Key: keys.delivery(delivery.deliveryId),
      ExpressionAttributeValues: { ':outcome': { placed: 'triage', at: deps.clock.now().toISOString() } },
    });
    expect(deps.workflow.started).toEqual([]);
  });
});

describe('a record whose processing throws', () => {
  const first = storedDelivery('wo-2001', DEMO_HOUSEHOLD_ID);
  const failing = storedDelivery('wo-2002', DEMO_HOUSEHOLD_ID);
  const last = storedDelivery('wo-2003', DEMO_HOUSEHOLD_ID);
  const batch = () =>
    streamEvent(
      deliveryInserted(first, '100'),
      deliveryInserted(failing, '200'),
      deliveryInserted(last, '300'),
    );

  beforeEach(() => {
    givenHousehold();
  });

  it('is reported by its sequence number, and the records after it are not processed', async () => {
    ddb.on(GetCommand, { Key: keys.request(failing.requestId) }).rejects(new Error('throttled'));

    const result = await handler(batch());

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    expect(requestsWritten().map((item) => item.id)).toEqual([first.requestId]);
    expect(deliveriesMarked()).toEqual([keys.delivery(first.deliveryId).PK]);
    // The stream retries from the failed record: the one after it is not even read.
    expect(requestReads(last.requestId)).toHaveLength(0);
    expect(logger.error).toHaveBeenCalledWith(
      'processing a delivery failed',
      expect.objectContaining({
        id: failing.deliveryId,
        error: expect.objectContaining({ message: 'throttled' }),
      }),
    );
  });

  it('is reported when it fails first, and nothing of the batch is processed', async () => {
    ddb.on(GetCommand, { Key: keys.request(first.requestId) }).rejects(new Error('throttled'));

    const result = await handler(batch());

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(writesInOrder()).toEqual([]);
    expect(requestReads(failing.requestId)).toHaveLength(0);
  });

  it('is not marked processed when its request could not be stored', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    const result = await handler(streamEvent(deliveryInserted(first, '100'), deliveryInserted(last, '300')));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(transactions()).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(requestReads(last.requestId)).toHaveLength(0);
  });

  it('is reported when the partner’s triage community is gone', async () => {
    // No node item for cm-yinrong: the default answer is an empty GetItem.
    const result = await handler(streamEvent(deliveryInserted(storedDelivery('wo-2004'), '400')));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '400' }] });
    expect(writesInOrder()).toEqual([]);
    expect(logger.error).toHaveBeenCalledWith(
      'processing a delivery failed',
      expect.objectContaining({
        error: expect.objectContaining({
          message: expect.stringContaining('triage community cm-yinrong is gone'),
        }),
      }),
    );
  });
});

describe('records that are not new deliveries', () => {
  it('skips a record without a new image, and goes on with the next', async () => {
    givenHousehold();
    const delivery = storedDelivery('wo-3001', DEMO_HOUSEHOLD_ID);
    const removal = removeRecord(keys.delivery('Dgone'), '50');

    const result = await handler(streamEvent(removal, deliveryInserted(delivery, '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(requestsWritten().map((item) => item.id)).toEqual([delivery.requestId]);
    expect(deliveriesMarked()).toEqual([keys.delivery(delivery.deliveryId).PK]);
  });
});
