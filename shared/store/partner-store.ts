import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Partner } from '../domain/intake-partner.js';
import { indexes, keys } from './keys.js';
import { conditionHeld, type DistrictTable, queryAll, withoutKeys } from './table.js';

export async function getPartner(table: DistrictTable, id: string): Promise<Partner | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.partner(id), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { type: _type, ...partner } = withoutKeys<Partner & { type: string }>(Item);
  return partner;
}

/**
 * Writes a partner if it is still at the revision it was read at (0: new); false when another
 * change came first. Secrets and keys live on the item, so a rotation is one conditioned write.
 */
export async function putPartner(
  table: DistrictTable,
  partner: Partner,
  ifRevision: number,
): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.partner(partner.id),
          GSI1PK: indexes.partners.pk(),
          GSI1SK: indexes.partners.sk(partner.id),
          type: 'partner',
          ...partner,
        },
        ...(ifRevision === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression: '#revision = :revision',
              ExpressionAttributeNames: { '#revision': 'revision' },
              ExpressionAttributeValues: { ':revision': ifRevision },
            }),
      }),
    ),
  );
}

/** The district's partners: one Query (a district has tens of them). */
export async function listPartners(table: DistrictTable): Promise<Pick<Partner, 'id' | 'name'>[]> {
  const items = await queryAll(table, {
    IndexName: indexes.partners.name,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': indexes.partners.pk() },
  });
  return items.map((item) => ({ id: String(item.id), name: String(item.name) }));
}
