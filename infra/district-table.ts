import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEX_PROJECTION } from '../shared/store/keys.js';

/** The four overloaded GSIs of the single-table design; each is keyed `<name>PK` / `<name>SK`. */
export const GSI_NAMES = ['GSI1', 'GSI2', 'GSI3', 'GSI4'] as const;
export type GsiName = (typeof GSI_NAMES)[number];

/**
 * The district's one DynamoDB table (single-table design): the hierarchy, households, requests
 * and their timelines, the notification record and the points ledger, all under `PK`/`SK` with
 * four overloaded string GSIs; its stream (new images) starts every new request's lifecycle and feeds
 * the processing of partners' deliveries.
 *
 * A plain `AWS::DynamoDB::Table` (not a global table) so that the local run can create the same
 * table in DynamoDB Local straight from the synthesized KeySchema and GlobalSecondaryIndexes.
 */
export class DistrictTable extends Construct {
  readonly table: dynamodb.Table;
  readonly indexNames: readonly GsiName[] = GSI_NAMES;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Delivery and rejection records expire (dedupe outlives its 7 days; the request ids stay deterministic).
      timeToLiveAttribute: 'expiresAt',
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    for (const indexName of GSI_NAMES) {
      const keysOnly = indexName === 'GSI4';
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: `${indexName}PK`, type: dynamodb.AttributeType.STRING },
        sortKey: { name: `${indexName}SK`, type: dynamodb.AttributeType.STRING },
        // Listings need a summary, not the whole item: a small projection keeps every write to the
        // request (a token, a timeline change) from rewriting four full copies.
        // GSI4 (requests by month) only finds ids: its readers fetch whole requests anyway.
        ...(keysOnly
          ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY }
          : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...INDEX_PROJECTION] }),
      });
    }
  }
}
