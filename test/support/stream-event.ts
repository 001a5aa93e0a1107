import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

type StreamData = NonNullable<DynamoDBRecord['dynamodb']>;

/** The stream record of an item's insert, as Lambda hands it over (the item in DynamoDB JSON). */
export function insertRecord(
  item: Record<string, unknown> & { PK: string; SK: string },
  sequenceNumber: string,
): DynamoDBRecord {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      Keys: marshall({ PK: item.PK, SK: item.SK }) as StreamData['Keys'],
      NewImage: marshall(item, { removeUndefinedValues: true }) as StreamData['NewImage'],
      SequenceNumber: sequenceNumber,
      SizeBytes: 1024,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** The stream record of an item's removal: keys only, no new image. */
export const removeRecord = (key: { PK: string; SK: string }, sequenceNumber: string): DynamoDBRecord => ({
  eventName: 'REMOVE',
  dynamodb: { Keys: marshall(key) as StreamData['Keys'], SequenceNumber: sequenceNumber },
});
