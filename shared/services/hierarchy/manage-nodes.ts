import { DISTRICT_SCOPE, type Access } from '../../domain/access.js';
import type { HierarchyNode } from '../../domain/hierarchy.js';
import { ancestorsUnder, mayRead, parentProblem, RESERVED_IDS } from '../../domain/hierarchy-rules.js';
import { ConflictError, ForbiddenError, UnprocessableError, ValidationError } from '../../errors.js';
import { openRequestsUnder } from '../lifecycle/reroute-requests.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import {
  hasChildren,
  listChildren,
  StaleNodeError,
  writeNodes,
  type ChildPage,
} from '../../store/hierarchy-store.js';
import { assertMayManage, assertMayRead, loadNode, loadReferenced } from './guards.js';
import { nodeView } from './views.js';

export interface CreateNodeInput {
  id: string;
  type: HierarchyNode['type'];
  name: string;
  parentId?: string;
}

export function assertFreeId(id: string): void {
  if (RESERVED_IDS.includes(id)) {
    throw new ValidationError(`${id} is reserved.`, [
      { field: 'id', message: 'reserved; choose another id' },
    ]);
  }
}

/** A new street (admins), community, grid, building or unit under a parent of the type one level up. */
export async function createNode(deps: Dependencies, access: Access, input: CreateNodeInput) {
  assertFreeId(input.id);
  let parent: HierarchyNode | undefined;
  if (input.type === 'street') {
    if (input.parentId !== undefined) {
      throw new UnprocessableError('A street has no parent: streets hang from the district.', [
        { field: 'parentId', message: 'must be omitted for a street' },
      ]);
    }
  } else {
    if (input.parentId === undefined) {
      throw new ValidationError(`A ${input.type} needs a parent.`, [
        { field: 'parentId', message: `required: ${parentProblem(input.type, undefined)}` },
      ]);
    }
    const found = await loadReferenced(deps, input.parentId, 'parentId');
    const problem = parentProblem(input.type, found.type);
    if (problem || found.type === 'household') {
      throw new UnprocessableError(`${input.parentId} cannot hold a ${input.type}: ${problem}.`, [
        { field: 'parentId', message: problem ?? 'wrong type' },
      ]);
    }
    parent = found;
  }
  const node: HierarchyNode = {
    id: input.id,
    type: input.type,
    name: input.name,
    ...(parent ? { parentId: parent.id } : {}),
    ancestors: ancestorsUnder(input.type, input.id, parent),
    revision: 1,
  };
  assertMayManage(access, 'create', node.type, { ancestors: node.ancestors }, parent ? 'parentId' : 'type');
  try {
    await writeNodes(deps.table, [
      { create: node },
      ...(parent ? [{ touch: parent.id, ancestors: parent.ancestors }] : []),
    ]);
  } catch (error) {
    if (error instanceof StaleNodeError && error.ids.includes(node.id)) {
      throw new ConflictError(`${node.id} already exists.`, [{ field: 'id', message: 'already exists' }]);
    }
    throw error;
  }
  return nodeView(node, access);
}

export async function readNode(deps: Dependencies, access: Access, id: string) {
  if (id === DISTRICT_SCOPE) {
    assertMayReadRoot(access);
    return { id, type: 'district', name: deps.config.district.name };
  }
  const node = await loadNode(deps, id);
  assertMayRead(access, node);
  return nodeView(node, access);
}

/** Renames a node (the only field of a node that changes in place; places change by moving). */
export async function updateNode(deps: Dependencies, access: Access, id: string, patch: { name: string }) {
  const node = await loadNode(deps, id);
  assertMayRead(access, node);
  assertMayManage(access, 'update', node.type, { ancestors: node.ancestors });
  const updated: HierarchyNode = { ...node, ...patch, revision: (node.revision ?? 0) + 1 };
  await writeNodes(deps.table, [{ replace: updated, ifRevision: node.revision }]);
  return nodeView(updated, access);
}

/**
 * Deletes an empty node. A node with children, open requests or a held post stays (409, saying
 * which): deleting never leaves an orphan, a stranded request, or a leader whose post vanished
 * without a line in the post's history.
 */
export async function deleteNode(deps: Dependencies, access: Access, id: string): Promise<void> {
  const node = await loadNode(deps, id);
  assertMayRead(access, node);
  assertMayManage(access, 'delete', node.type, { ancestors: node.ancestors });
  if (node.post) {
    throw new ConflictError(
      `${node.name} (${id}) has a leader, ${node.post.holderName}: vacate the post first (DELETE /nodes/${id}/post).`,
    );
  }
  if (await hasChildren(deps.table, id)) {
    throw new ConflictError(`${node.name} (${id}) has children: delete or move them first.`);
  }
  if (node.ancestors.community) {
    const open = await openRequestsUnder(deps, node);
    if (open.length > 0) {
      throw new ConflictError(
        `${node.name} (${id}) has ${open.length} open request(s) (${open.slice(0, 5).join(', ')}): close them first.`,
      );
    }
  }
  await writeNodes(deps.table, [{ remove: id, ifRevision: node.revision }]);
}

function assertMayReadRoot(access: Access): void {
  if (!mayRead(access, { ancestors: {} })) {
    throw new ForbiddenError('Only district admins see the whole district.');
  }
}

/** One page of a node's children; `district` lists the streets. */
export async function listNodeChildren(
  deps: Dependencies,
  access: Access,
  id: string,
  page: { limit: number; cursor?: string },
): Promise<ChildPage> {
  if (id === DISTRICT_SCOPE) assertMayReadRoot(access);
  else assertMayRead(access, await loadNode(deps, id));
  return listChildren(deps.table, id, page);
}
