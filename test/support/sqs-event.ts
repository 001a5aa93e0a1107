import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** An SQS record as a queue consumer receives it: its body and id, the rest empty. */
export const sqsRecord = (body: string, messageId: string): SQSRecord =>
  ({
    messageId,
    body,
    receiptHandle: messageId,
    attributes: {},
    messageAttributes: {},
  }) as unknown as SQSRecord;

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
