import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../logger.js';
import { dependencies, type Dependencies } from './dependencies.js';

/**
 * A consumer of one of the notifications topic's queues (raw message delivery: each body is the
 * published JSON). Messages are independent: each that fails is reported alone and redelivered by
 * SQS after its visibility timeout, the others are done; after the queue's maxReceiveCount it goes
 * to the dead-letter queue. Handlers are idempotent by the message key.
 */
export function queueHandler<Body>(
  what: string,
  handle: (deps: Dependencies, body: Body, record: SQSRecord) => Promise<void>,
) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const deps = dependencies();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await handle(deps, JSON.parse(record.body) as Body, record);
      } catch (error) {
        logger.error(`${what} failed`, {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
