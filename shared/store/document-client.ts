import { DynamoDBClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Pluggable } from '@smithy/types';

/** The one DocumentClient setup: undefined values are dropped, so optional fields never reach the table. */
export function createDocumentClient(
  options: {
    endpoint?: string;
    region?: string;
    /** Middleware for the client's stack (the local run's fault injection). */
    plugins?: Pluggable<ServiceInputTypes, ServiceOutputTypes>[];
  } = {},
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
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
