import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ServiceProvider } from '../domain/request.js';
import { grantItem } from './hierarchy-store.js';
import { indexes, keys } from './keys.js';
import { queryAll, withoutKeys, type DistrictTable } from './table.js';

/**
 * The ten staff (十员) and volunteer teams. Writing a provider also writes a `service_staff` grant
 * for each member, scoped to the node the provider serves, so they can read and complete what
 * they are sent.
 */
export async function putProvider(table: DistrictTable, provider: ServiceProvider): Promise<void> {
  await table.db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table.name,
            Item: {
              ...keys.provider(provider.id),
              GSI1PK: indexes.providersOf.pk(provider.scope),
              GSI1SK: indexes.providersOf.sk(provider.kind, provider.id),
              type: 'provider',
              ...provider,
            },
          },
        },
        ...provider.memberIds.map((personId) => ({
          Put: {
            TableName: table.name,
            Item: grantItem({ personId, role: 'service_staff', scope: provider.scope }),
          },
        })),
      ],
    }),
  );
}

export async function getProvider(table: DistrictTable, id: string): Promise<ServiceProvider | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.provider(id) }));
  if (!Item) return undefined;
  const { type: _type, ...provider } = withoutKeys<ServiceProvider & { type: string }>(Item);
  return provider;
}

export type ProviderSummary = Pick<ServiceProvider, 'id' | 'kind' | 'name' | 'specialities' | 'scope'>;

/** The providers serving one node (a grid or a community): one Query. */
export async function listProviders(table: DistrictTable, scope: string): Promise<ProviderSummary[]> {
  const items = await queryAll(table, {
    IndexName: indexes.providersOf.name,
    KeyConditionExpression: 'GSI1PK = :scope',
    ExpressionAttributeValues: { ':scope': indexes.providersOf.pk(scope) },
  });
  return items.map((item) => {
    const { id, kind, name, specialities, scope: served } = withoutKeys<ServiceProvider>(item);
    return { id, kind, name, specialities, scope: served };
  });
}
