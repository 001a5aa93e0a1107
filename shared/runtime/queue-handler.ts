import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../logger.js';
import { dependencies, type Dependencies } from './dependencies.js';

/**
 * A consumer of an SQS queue (its event source mapping reports batch item failures): each message
 * is handled on its own; those that fail are reported, so SQS redelivers only them after the
 * visibility timeout, and parks them in the dead-letter queue after the queue's receive count.
 * Handlers are idempotent: a redelivered message does nothing twice.
 */
export function queueHandler<Body>(
  what: string,
  parse: (body: string) => Body,
  handle: (deps: Dependencies, body: Body) => Promise<unknown>,
) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const deps = dependencies();
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await handle(deps, parse(record.body));
      } catch (error) {
        logger.error(`${what} failed`, {
          messageId: record.messageId,
          error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}
