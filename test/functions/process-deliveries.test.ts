import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/intake/process-deliveries.js';
import { DEMO_HOUSEHOLD_ID } from '../../shared/demo/lvyuan-district.js';
import { deliveryIds, type StoredDelivery } from '../../shared/intake/delivery.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { logger } from '../../shared/runtime/logger.js';
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

/** The stream record of the delivery's insert, as Lambda hands it over (the item in DynamoDB JSON). */
function insertRecord(delivery: StoredDelivery, sequenceNumber: string): DynamoDBRecord {
  const key = keys.delivery(delivery.deliveryId);
  const image = marshall(
    { ...key, type: 'delivery', ...delivery, expiresAt: 1_800_000_000 },
    { removeUndefinedValues: true },
  );
  return {
    eventID: `event-${sequenceNumber}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      Keys: marshall(key) as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      NewImage: image as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
      SequenceNumber: sequenceNumber,
      SizeBytes: 512,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** The request items the transactions wrote, by id. */
const requestsWritten = () =>
  transactions().flatMap((items) =>
    items.flatMap((item) => (item.Put?.Item?.SK === 'REQUEST' ? [item.Put.Item] : [])),
  );
const requestReads = (requestId: string) => ddb.commandCalls(GetCommand, { Key: keys.request(requestId) });

describe('a delivery for a household id that resolves', () => {
  const delivery = () => storedDelivery('wo-1001', DEMO_HOUSEHOLD_ID);

  it('commits the request in its household, then starts its workflow, then marks the delivery processed', async () => {
    givenHousehold();
    const { requestId, deliveryId } = delivery();
    ddb.on(TransactWriteCommand).callsFake(() => {
      expect(deps.workflow.started).toEqual([]);
      return {};
    });
    ddb.on(UpdateCommand).callsFake(() => {
      expect(deps.workflow.started).toEqual([requestId]);
      return {};
    });

    const result = await handler(streamEvent(insertRecord(delivery(), '100')));

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
    expect(deps.workflow.started).toEqual([requestId]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      TableName: TABLE,
      Key: keys.delivery(deliveryId),
      ExpressionAttributeValues: {
        ':processed': 'processed',
        ':outcome': { placed: 'household', by: 'id', at: deps.clock.now().toISOString() },
      },
    });
  });

  it('only starts the workflow again when a retry finds the request stored', async () => {
    const { requestId } = delivery();
    givenStoredRequest({ request: submittedRequest(requestId) });

    const result = await handler(streamEvent(insertRecord(delivery(), '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(transactions()).toEqual([]);
    expect(deps.workflow.started).toEqual([requestId]);
  });
});

describe('a delivery no household matches', () => {
  it('is committed in triage with the partner’s community', async () => {
    givenNode('cm-yinrong');
    const delivery = storedDelivery('wo-1004');

    const result = await handler(streamEvent(insertRecord(delivery, '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(requestsWritten()).toEqual([
      expect.objectContaining({ id: delivery.requestId, status: 'triage', level: 'community' }),
    ]);
    expect(deps.workflow.started).toEqual([delivery.requestId]);
  });
});

describe('a record whose processing throws', () => {
  const first = storedDelivery('wo-2001', DEMO_HOUSEHOLD_ID);
  const failing = storedDelivery('wo-2002', DEMO_HOUSEHOLD_ID);
  const last = storedDelivery('wo-2003', DEMO_HOUSEHOLD_ID);
  const batch = () =>
    streamEvent(insertRecord(first, '100'), insertRecord(failing, '200'), insertRecord(last, '300'));

  beforeEach(() => {
    givenHousehold();
  });

  it('is reported by its sequence number, and the records after it are not processed', async () => {
    ddb.on(GetCommand, { Key: keys.request(failing.requestId) }).rejects(new Error('throttled'));

    const result = await handler(batch());

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    expect(deps.workflow.started).toEqual([first.requestId]);
    expect(requestsWritten().map((item) => item.id)).toEqual([first.requestId]);
    // The stream retries from the failed record: the one after it is not even read.
    expect(requestReads(last.requestId)).toHaveLength(0);
    expect(logger.error).toHaveBeenCalledWith(
      'delivery not processed',
      expect.objectContaining({ deliveryId: failing.deliveryId }),
    );
  });

  it('is reported when it fails first, and nothing of the batch is processed', async () => {
    ddb.on(GetCommand, { Key: keys.request(first.requestId) }).rejects(new Error('throttled'));

    const result = await handler(batch());

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(deps.workflow.started).toEqual([]);
    expect(transactions()).toEqual([]);
  });

  it('is not marked processed when its workflow did not start', async () => {
    vi.spyOn(deps.workflow, 'startLifecycle').mockRejectedValueOnce(new Error('states unavailable'));

    const result = await handler(streamEvent(insertRecord(first, '100'), insertRecord(last, '300')));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(requestReads(last.requestId)).toHaveLength(0);
  });

  it('is reported when the partner’s triage community is gone', async () => {
    // No node item for cm-yinrong: the default answer is an empty GetItem.
    const result = await handler(streamEvent(insertRecord(storedDelivery('wo-2004'), '400')));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '400' }] });
    expect(transactions()).toEqual([]);
    expect(deps.workflow.started).toEqual([]);
  });
});

describe('records that are not new deliveries', () => {
  it('skips a record without a new image, and goes on with the next', async () => {
    givenHousehold();
    const delivery = storedDelivery('wo-3001', DEMO_HOUSEHOLD_ID);
    const removal: DynamoDBRecord = {
      eventName: 'REMOVE',
      dynamodb: {
        Keys: marshall(keys.delivery('Dgone')) as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
        SequenceNumber: '50',
      },
    };

    const result = await handler(streamEvent(removal, insertRecord(delivery, '100')));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(deps.workflow.started).toEqual([delivery.requestId]);
  });
});
