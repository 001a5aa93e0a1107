import { setTimeout } from 'node:timers/promises';
import { BatchGetCommand, BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainLink, HierarchyNode, Household, Person } from '../domain/hierarchy.js';
import { LEVELS } from '../domain/levels.js';
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

function hierarchyItems(district: { nodes: HierarchyNode[]; households: Household[]; persons: Person[] }) {
  return [
    ...[...district.nodes, ...district.households].map((node) => ({
      ...keys.node(node.id),
      ...(node.parentId
        ? { GSI1PK: indexes.childrenOf.pk(node.parentId), GSI1SK: indexes.childrenOf.sk(node.type, node.id) }
        : {}),
      ...node,
    })),
    ...district.persons.map((person) => ({ ...keys.person(person.id), ...person })),
  ];
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
