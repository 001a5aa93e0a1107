import { setTimeout } from 'node:timers/promises';
import { BatchGetCommand, BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { POST_ROLES, type Grant, type Role } from '../domain/access.js';
import type { ChainLink, HierarchyNode, Household, Person } from '../domain/hierarchy.js';
import { LEVELS, type Level } from '../domain/levels.js';
import { indexes, keys } from './keys.js';
import { withoutKeys, type DistrictTable } from './table.js';

export async function getHousehold(table: DistrictTable, id: string): Promise<Household | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.node(id) }));
  return Item?.type === 'household' ? withoutKeys<Household>(Item) : undefined;
}

/**
 * The household's chain of leaders, unit to street: one BatchGet of five nodes, whatever the
 * district's size (each node carries its post, so no person lookups are needed).
 */
export async function getChain(table: DistrictTable, household: Household): Promise<ChainLink[]> {
  const ids = LEVELS.map((level) => household.ancestors[level]);
  const { Responses } = await table.db.send(
    new BatchGetCommand({ RequestItems: { [table.name]: { Keys: ids.map((id) => keys.node(id)) } } }),
  );
  const nodes = new Map(
    (Responses?.[table.name] ?? []).map((item) => {
      const node = withoutKeys<HierarchyNode>(item);
      return [node.id, node];
    }),
  );
  return LEVELS.flatMap((level) => {
    const node = nodes.get(household.ancestors[level]);
    if (!node) return [];
    return [{ level, nodeId: node.id, nodeName: node.name, ...(node.post ? { post: node.post } : {}) }];
  });
}

/** A node's item: findable under its parent (GSI1) and, while its post is held, by its holder (GSI3). */
export function nodeItem(node: HierarchyNode | Household) {
  return {
    ...keys.node(node.id),
    ...(node.parentId
      ? { GSI1PK: indexes.childrenOf.pk(node.parentId), GSI1SK: indexes.childrenOf.sk(node.type, node.id) }
      : {}),
    ...('post' in node && node.post
      ? { GSI3PK: indexes.heldBy.pk(node.post.holderId), GSI3SK: indexes.heldBy.postSk(node.id) }
      : {}),
    ...node,
  };
}

function hierarchyItems(district: { nodes: HierarchyNode[]; households: Household[]; persons: Person[] }) {
  return [
    ...[...district.nodes, ...district.households].map(nodeItem),
    ...district.persons.flatMap(({ grants = [], ...person }) => [
      { ...keys.person(person.id), ...person },
      ...grants.map((grant) => ({
        ...keys.grant(person.id, grant.role, grant.scope),
        GSI3PK: indexes.heldBy.pk(person.id),
        GSI3SK: indexes.heldBy.grantSk(grant.role, grant.scope),
        ...grant,
      })),
    ]),
  ];
}

/** What a person may do: the posts they hold and the roles they were given, in one Query. */
export async function getGrants(table: DistrictTable, personId: string): Promise<Grant[]> {
  const grants: Grant[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: indexes.heldBy.name,
        KeyConditionExpression: 'GSI3PK = :holder',
        ExpressionAttributeValues: { ':holder': indexes.heldBy.pk(personId) },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.role === 'string') grants.push({ role: item.role as Role, scope: String(item.scope) });
      else if (isLevel(item.type)) grants.push({ role: POST_ROLES[item.type], scope: String(item.id) });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return grants;
}

const isLevel = (type: unknown): type is Level => LEVELS.includes(type as Level);

export async function getNode(table: DistrictTable, id: string): Promise<HierarchyNode | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.node(id) }));
  return Item && Item.type !== 'household' ? withoutKeys<HierarchyNode>(Item) : undefined;
}

/** Loads a whole hierarchy (the demo district); plain puts, so loading the same data twice changes nothing. */
export async function putHierarchy(
  table: DistrictTable,
  district: { nodes: HierarchyNode[]; households: Household[]; persons: Person[] },
): Promise<number> {
  const items = hierarchyItems(district);
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const { UnprocessedItems } = await table.db.send(
        new BatchWriteCommand({ RequestItems: { [table.name]: pending } }),
      );
      pending = (UnprocessedItems?.[table.name] ?? []) as typeof pending;
      if (pending.length > 0) await setTimeout(100);
    }
  }
  return items.length;
}
