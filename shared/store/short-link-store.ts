import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ShortLink } from '../domain/short-link.js';
import { keys } from './keys.js';
import { type DistrictTable, withoutKeys } from './table.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The expiry is the table's TTL attribute (infra/district-table.ts): epoch seconds. */
const epochSeconds = (at: string) => Math.floor(new Date(at).getTime() / 1000);

/**
 * The Put of a new link, for the transaction of the message that carries it: conditional, so a
 * token already taken fails the whole transaction rather than pointing an old link elsewhere.
 */
export function linkPut(table: DistrictTable, link: ShortLink): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...keys.shortLink(link.token),
        type: 'link',
        requestId: link.requestId,
        personId: link.personId,
        expiresAt: epochSeconds(link.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** The link of a token, expired or not (the TTL removes items late); undefined when unknown. */
export async function getLink(table: DistrictTable, token: string): Promise<ShortLink | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.shortLink(token) }));
  if (!Item) return undefined;
  const { requestId, personId, expiresAt } = withoutKeys<{
    requestId: string;
    personId: string;
    expiresAt: number;
  }>(Item);
  return { token, requestId, personId, expiresAt: new Date(expiresAt * 1000).toISOString() };
}
