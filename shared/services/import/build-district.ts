/** The district from files that were read without a problem. */
import type { Ancestors } from '../../domain/place.js';
import { householdIn } from '../../domain/hierarchy-rules.js';
import type { HierarchyNode, Household, Person } from '../../domain/hierarchy.js';
import type { ServiceProvider } from '../../domain/request.js';
import type { District } from './district-format.js';
import type { Households } from './household-rows.js';
import type { Nodes } from './node-rows.js';
import type { People } from './people-rows.js';
import type { PostRow } from './post-rows.js';
import type { ProviderRow } from './provider-rows.js';
import type { Residents } from './resident-rows.js';

export interface ValidFiles {
  nodes: Nodes;
  people: People;
  posts: readonly PostRow[];
  households: Households;
  residents: Residents;
  providers: readonly ProviderRow[];
}

/** Every node with its post, and its ancestors filled from its parent's (street first), whatever order the rows came in. */
function nodesOf({ nodes, people, posts }: ValidFiles): Map<string, HierarchyNode> {
  const built = new Map<string, HierarchyNode>();
  for (const [id, row] of nodes.valid) {
    const node: HierarchyNode = { id, type: row.type, name: row.name, ancestors: {} };
    if (row.parentId) node.parentId = row.parentId;
    built.set(id, node);
  }
  for (const { nodeId, personId } of posts) {
    const node = built.get(nodeId);
    const holder = people.valid.get(personId);
    if (node && holder)
      node.post = { holderId: holder.id, holderName: holder.name, holderPhone: holder.phone };
  }
  const done = new Set<string>();
  const fillAncestors = (node: HierarchyNode): Ancestors => {
    if (!done.has(node.id)) {
      const parent = node.parentId === undefined ? undefined : built.get(node.parentId);
      node.ancestors = { ...(parent ? fillAncestors(parent) : {}), [node.type]: node.id };
      done.add(node.id);
    }
    return node.ancestors;
  };
  for (const node of built.values()) fillAncestors(node);
  return built;
}

/** Every household, in its unit, with its address derived from the nodes' names. */
function householdsOf({ households, residents }: ValidFiles, nodes: Map<string, HierarchyNode>): Household[] {
  return households.rows.map((row) => {
    const unit = nodes.get(row.unitId) as HierarchyNode;
    const building = nodes.get(unit.ancestors.building ?? '');
    const community = nodes.get(unit.ancestors.community ?? '');
    return householdIn(
      unit,
      { community: community?.name ?? '', building: building?.name ?? '', unit: unit.name },
      { id: row.id, room: row.room, residents: residents.of.get(row.id) ?? [], tags: row.tags },
    );
  });
}

/** The people of people.csv, then the residents who are not in it. */
function personsOf({ people, residents }: ValidFiles): Person[] {
  const persons: Person[] = [...people.valid.values()].map(({ id, name, phone }) => ({ id, name, phone }));
  for (const { id, name, phone } of residents.persons.values()) {
    if (!people.valid.has(id)) persons.push({ id, name, phone });
  }
  return persons;
}

/** Every provider, with its contact's phone. */
function providersOf({ people, providers }: ValidFiles): ServiceProvider[] {
  return providers.map((row) => ({
    kind: row.kind,
    id: row.id,
    name: row.name,
    contact: { personId: row.contactId, phone: people.valid.get(row.contactId)?.phone ?? '' },
    memberIds: row.memberIds,
    specialities: row.specialities,
    scope: row.scope,
  }));
}

/** The district the files describe, every node's and household's `ancestors` filled (a unit's including itself). */
export function buildDistrict(files: ValidFiles): District {
  const nodes = nodesOf(files);
  return {
    nodes: [...nodes.values()],
    households: householdsOf(files, nodes),
    persons: personsOf(files),
    providers: providersOf(files),
  };
}
