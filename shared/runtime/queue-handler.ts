import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseJsonBody, parseWith } from '../http/parse.js';
import { logger } from '../logger.js';
import type * as z from '../zod.js';
import { dependencies, type Dependencies } from './dependencies.js';
import { observed } from './observability.js';

/**
 * A consumer of an SQS queue (raw message delivery from the notifications topic; its event source
 * mapping reports batch item failures): each record's body is JSON `schema` checks, handled on its
 * own; a record that fails (a malformed body, an error while handling it) is reported alone and
 * redelivered after its visibility timeout, then parked in the queue's dead-letter queue. The others
 * of the batch are done. Handlers are idempotent by the message key.
 */
export function queueHandler<Body>(
  what: string,
  schema: z.ZodMiniType<Body>,
  handle: (deps: Dependencies, body: Body, record: SQSRecord) => Promise<unknown>,
) {
  return observed(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const deps = dependencies();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await handle(deps, parseWith(schema, parseJsonBody(record.body, false), 'message body'), record);
      } catch (error) {
        logger.error(`${what} failed`, {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
}
