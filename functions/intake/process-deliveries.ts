import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StoredDelivery } from '../../shared/intake/delivery.js';
import { processDelivery } from '../../shared/intake/process-delivery.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { logger } from '../../shared/runtime/logger.js';

/**
 * The table's stream, filtered to new deliveries: each becomes a request. A failed record is
 * reported and retried from (then parked in the dead-letter queue), so none is lost; processing
 * is idempotent, so retries duplicate nothing.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const deps = dependencies();
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    const delivery = unmarshall(image as Record<string, AttributeValue>) as StoredDelivery;
    try {
      await processDelivery(deps, delivery);
    } catch (error) {
      logger.error('delivery not processed', {
        deliveryId: delivery.deliveryId,
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      // The stream resumes from here: the records after it are retried too (idempotently).
      failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      break;
    }
  }
  return { batchItemFailures: failures };
}
