import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Tally } from '../domain/request-tally.js';
import { keys } from './keys.js';
import { type DistrictTable, queryAll, withoutKeys } from './table.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A tally item as stored: where it counts, and its counters by name. */
export interface StoredTally {
  communityId: string;
  street: string;
  grid: string;
  day: string;
  counts: Record<string, number>;
}

const PLACE_ATTRIBUTES = new Set(['communityId', 'street', 'grid', 'day']);

/**
 * The update that adds a transition's counts to its tally item, for the transition's transaction:
 * the transaction is conditioned on the request's version, so a retried change counts once.
 */
export function tallyWrite(table: DistrictTable, tally: Tally): TransactItem {
  const { communityId, street, grid, day } = tally.place;
  const names = Object.keys(tally.counts);
  return {
    Update: {
      TableName: table.name,
      Key: keys.tally(communityId, day, grid),
      UpdateExpression: `SET communityId = :community, street = :street, grid = :grid, #day = :day ADD ${names
        .map((_name, index) => `#c${index} :c${index}`)
        .join(', ')}`,
      ExpressionAttributeNames: {
        '#day': 'day',
        ...Object.fromEntries(names.map((name, index) => [`#c${index}`, name])),
      },
      ExpressionAttributeValues: {
        ':community': communityId,
        ':street': street,
        ':grid': grid,
        ':day': day,
        ...Object.fromEntries(names.map((name, index) => [`:c${index}`, tally.counts[name]])),
      },
    },
  };
}

/** A community's tallies from one day to another (YYYY-MM-DD, both in): one Query, a key condition on the day. */
export async function talliesBetween(
  table: DistrictTable,
  communityId: string,
  window: { from: string; to: string },
): Promise<StoredTally[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.tallyPartition(communityId),
      ':from': window.from,
      // Every grid id sorts before `~`: the whole last day is in.
      ':to': `${window.to}~`,
    },
  });
  return items.map((item) => {
    const stored = withoutKeys<Record<string, unknown>>(item);
    const counts = Object.fromEntries(
      Object.entries(stored).filter(
        ([name, value]) => !PLACE_ATTRIBUTES.has(name) && typeof value === 'number',
      ),
    ) as Record<string, number>;
    return {
      communityId: String(stored.communityId),
      street: String(stored.street),
      grid: String(stored.grid),
      day: String(stored.day),
      counts,
    };
  });
}
