import { DynamoDBClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pluggable } from '@smithy/types';
import {
  AWS_CALL_LIMITS,
  awsClientSettings,
  LOCAL_CALL_LIMITS,
  type AwsCallLimits,
} from '../aws-call-limits.js';

/** The one DocumentClient setup: undefined values are dropped, so optional fields never reach the table. */
export function createDocumentClient(
  options: {
    endpoint?: string;
    region?: string;
    /** Middleware for the client's stack (the local run's fault injection). */
    plugins?: Pluggable<ServiceInputTypes, ServiceOutputTypes>[];
    /** Default: the functions' limits (AWS_CALL_LIMITS), DynamoDB Local's at an endpoint; a test of a hung table gives its own. */
    limits?: AwsCallLimits;
  } = {},
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...awsClientSettings(options.limits ?? (options.endpoint ? LOCAL_CALL_LIMITS : AWS_CALL_LIMITS)),
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  for (const plugin of options.plugins ?? []) client.middlewareStack.use(plugin);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
