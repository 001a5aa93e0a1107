import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PostChange } from '../domain/hierarchy.js';
import { keys, SK_PREFIX } from './keys.js';
import { withoutKeys, type DistrictTable } from './table.js';

/**
 * The history of a node's post: one item per change, in the node's partition
 * (`PK = NODE#<id>`, `SK = POSTHIST#<at>#<revision>`), written in the same transaction as the
 * node (shared/store/hierarchy-store.ts `writeNodes`) and never overwritten.
 */
export function postChangeItem(change: PostChange): Record<string, unknown> {
  return { ...keys.postChange(change.nodeId, change.at, change.revision), ...change };
}

async function query(table: DistrictTable, nodeId: string, newestFirst: boolean, limit?: number) {
  const changes: PostChange[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :history)',
        ExpressionAttributeValues: { ':pk': keys.nodePartition(nodeId), ':history': SK_PREFIX.postChange },
        ScanIndexForward: !newestFirst,
        ConsistentRead: true,
        ...(limit ? { Limit: limit } : {}),
        ExclusiveStartKey,
      }),
    );
    changes.push(...(page.Items ?? []).map((item) => withoutKeys<PostChange>(item)));
    ExclusiveStartKey = limit ? undefined : page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return changes;
}

/** Every change of the node's post, oldest first (one Query). */
export function getPostHistory(table: DistrictTable, nodeId: string): Promise<PostChange[]> {
  return query(table, nodeId, false);
}

/** The latest change of the node's post, if it ever changed through the API. */
export async function lastPostChange(table: DistrictTable, nodeId: string): Promise<PostChange | undefined> {
  return (await query(table, nodeId, true, 1))[0];
}
