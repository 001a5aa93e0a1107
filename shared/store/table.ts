import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The district table and the client that reaches it: DynamoDB in AWS, DynamoDB Local on a laptop. */
export interface DistrictTable {
  db: DynamoDBDocumentClient;
  name: string;
  /**
   * The district's IANA time zone: ledger entries are attributed to a month in it. Needed only by
   * code that writes transfers (`transferWrites` refuses without it).
   */
  timeZone?: string;
}

/** Strips the key and index attributes an item carries in the table, leaving the domain object. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _1,
    GSI1SK: _2,
    GSI2PK: _3,
    GSI2SK: _4,
    GSI3PK: _5,
    GSI3SK: _6,
    ...rest
  } = item;
  return rest as T;
}
