import type { PostChange } from '../domain/hierarchy.js';
import type { Listing } from './cursor.js';
import { keys, SK_PREFIX } from './keys.js';
import { listingQuery, queryAll, queryPage, withoutKeys, type DistrictTable } from './table.js';

/**
 * The history of a node's post: one item per change, in the node's partition
 * (`PK = NODE#<id>`, `SK = POSTHIST#<at>#<revision>`), written in the same transaction as the
 * node (shared/store/hierarchy-store.ts `writeNodes`) and never overwritten.
 */
export function postChangeItem(change: PostChange): Record<string, unknown> {
  return { ...keys.postChange(change.nodeId, change.at, change.revision), ...change };
}

const historyOf = (nodeId: string): Listing => ({
  partition: keys.nodePartition(nodeId),
  sortPrefix: SK_PREFIX.postChange,
});

/** Every change of the node's post, oldest first (one Query). */
export async function getPostHistory(table: DistrictTable, nodeId: string): Promise<PostChange[]> {
  const items = await queryAll(table, { ...listingQuery(historyOf(nodeId)), ConsistentRead: true });
  return items.map((item) => withoutKeys<PostChange>(item));
}

/** The latest change of the node's post, if it ever changed through the API. */
export async function lastPostChange(table: DistrictTable, nodeId: string): Promise<PostChange | undefined> {
  const { items } = await queryPage(
    table,
    historyOf(nodeId),
    { limit: 1 },
    (item) => withoutKeys<PostChange>(item),
    { ScanIndexForward: false, ConsistentRead: true },
  );
  return items[0];
}
