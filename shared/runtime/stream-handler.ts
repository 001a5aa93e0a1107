import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dependencies, type Dependencies } from './dependencies.js';
import { logger } from '../logger.js';
import { observed } from './observability.js';

/**
 * A consumer of the table's stream (its event source mapping filters the records it gets): each new
 * item is handled in order; the first that fails is reported and the stream resumes from it, so
 * the records after it are retried too (handlers are idempotent), then parked in the dead-letter
 * queue. Nothing written to the table is lost on the way.
 */
export function streamHandler<Item>(
  what: string,
  idOf: (item: Item) => string,
  handle: (deps: Dependencies, item: Item) => Promise<void>,
) {
  return observed(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const deps = dependencies();
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (!image) continue;
      const item = unmarshall(image as Record<string, AttributeValue>) as Item;
      try {
        await handle(deps, item);
      } catch (error) {
        logger.error(`${what} failed`, { id: idOf(item), error });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  });
}
