import type { Access } from '../../domain/access.js';
import type { HierarchyNode } from '../../domain/hierarchy.js';
import type { Ancestors } from '../../domain/place.js';
import {
  ancestorsUnder,
  mayManage,
  MOVABLE_TYPES,
  moveReason,
  parentProblem,
  rebasedAncestors,
  sameAncestors,
} from '../../domain/hierarchy-rules.js';
import {
  ConflictError,
  ForbiddenError,
  UnprocessableError,
  ValidationError,
  type FieldProblem,
} from '../../errors.js';
import { openRequestsUnder, rerouteRequest } from '../lifecycle/reroute-requests.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { logger } from '../../logger.js';
import {
  allChildren,
  getAnyNode,
  getNodes,
  StaleNodeError,
  writeNodes,
} from '../../store/hierarchy-store.js';
import { assertMayManage, assertMayRead, loadNode, loadReferenced } from './guards.js';
import { REROUTE_CONCURRENCY } from './posts.js';
import { nodeView } from './views.js';

/** How many descendants are rewritten at once. */
const REWRITE_CONCURRENCY = 16;
/** Internal rewrites that lose to a concurrent change re-read and try again this many times. */
const ATTEMPTS = 3;

export interface MoveResult {
  node: HierarchyNode;
  /** False when the node already was there with nothing left to finish. */
  moved: boolean;
  /** Descendants (nodes and households) whose ancestors were rewritten. */
  descendants: number;
  /** Open requests re-routed to the new place's leaders. */
  rerouted: number;
}

/**
 * `POST /nodes/{id}/move`: a grid, building or unit goes under a new parent of the right type,
 * which the caller manages as well as the node's present place.
 */
export async function moveNode(
  deps: Dependencies,
  access: Access,
  id: string,
  parentId: string,
): Promise<MoveResult> {
  const node = await loadNode(deps, id);
  assertMayRead(access, node);
  if (!MOVABLE_TYPES.includes(node.type)) {
    throw new UnprocessableError(
      `A ${node.type} does not move: streets and communities are the civil administration's.`,
      [{ field: 'id', message: `a ${node.type} cannot be moved; only grids, buildings and units move` }],
    );
  }
  const parent = await loadReferenced(deps, parentId, 'parentId');
  const problem = parentProblem(node.type, parent.type);
  if (problem || parent.type === 'household') {
    throw new UnprocessableError(`${node.name} cannot go under ${parentId}: ${problem}.`, [
      { field: 'parentId', message: problem ?? 'wrong type' },
    ]);
  }
  assertMayManage(access, 'move', node.type, { ancestors: node.ancestors });
  assertMayManage(
    access,
    'move',
    node.type,
    { ancestors: ancestorsUnder(node.type, node.id, parent) },
    'parentId',
  );
  if (node.parentId === parent.id && !node.pendingMove) {
    throw new ConflictError(`${node.name} (${id}) is already under ${parent.name} (${parent.id}).`, [
      { field: 'parentId', message: 'is already the parent' },
    ]);
  }
  const result = await performMove(deps, access, node, parent);
  return { ...result, node: nodeView(result.node, access) };
}

/**
 * Moves a checked node under a checked parent, safely re-runnable: the node is written first with its
 * new place and a `pendingMove` marker (where it was), then every descendant is rewritten, then every
 * open request still indexed under the old place is re-routed, and only then the marker goes. A crash
 * anywhere leaves the marker, and running the same move again finishes the work.
 */
async function performMove(
  deps: Dependencies,
  access: Access,
  node: HierarchyNode,
  parent: HierarchyNode,
): Promise<MoveResult> {
  if (node.parentId === parent.id) {
    if (!node.pendingMove) return { node, moved: false, descendants: 0, rerouted: 0 };
    return finishMove(deps, node, parent.name);
  }
  if (node.pendingMove) {
    throw new ConflictError(
      `The move of ${node.name} (${node.id}) under ${node.parentId} is not finished; ` +
        `run that move again to finish it before moving it elsewhere.`,
    );
  }
  const oldParent = node.parentId ? await getAnyNode(deps.table, node.parentId) : undefined;
  const moved: HierarchyNode = {
    ...node,
    parentId: parent.id,
    ancestors: ancestorsUnder(node.type, node.id, parent),
    revision: (node.revision ?? 0) + 1,
    pendingMove: {
      fromParentId: node.parentId ?? '',
      fromParentName: oldParent && 'name' in oldParent ? oldParent.name : (node.parentId ?? ''),
      fromAncestors: node.ancestors,
      by: access.personId,
      at: deps.clock.now().toISOString(),
    },
  };
  try {
    await writeNodes(deps.table, [
      { replace: moved, ifRevision: node.revision },
      { touch: parent.id, ancestors: parent.ancestors },
    ]);
  } catch (error) {
    if (error instanceof StaleNodeError) {
      throw new ConflictError(
        `${error.ids.join(' and ')} changed while ${node.name} (${node.id}) was being moved; reload and try again.`,
      );
    }
    throw error;
  }
  logger.info('node moving', { nodeId: node.id, from: node.parentId, to: parent.id });
  return finishMove(deps, moved, parent.name);
}

async function finishMove(deps: Dependencies, node: HierarchyNode, parentName: string): Promise<MoveResult> {
  const pending = node.pendingMove;
  if (!pending) throw new Error(`node ${node.id} has no move to finish`);
  const descendants = await rewriteDescendants(deps, node);
  // The open requests under the node are still indexed by where it was; re-routing re-indexes them.
  const ids = await openRequestsUnder(deps, { ...node, ancestors: pending.fromAncestors });
  const reason = moveReason(node, pending.fromParentName, parentName);
  const rerouted = (
    await mapLimited(ids, REROUTE_CONCURRENCY, (id) => rerouteRequest(deps, id, reason))
  ).filter(Boolean).length;
  const done = await clearPendingMove(deps, node.id);
  logger.info('node moved', { nodeId: node.id, to: node.parentId, descendants, rerouted });
  return { node: done ?? node, moved: true, descendants, rerouted };
}

/** Every node and household below the moved node takes its new ancestors (breadth first, GSI1 CHILDREN#). */
async function rewriteDescendants(deps: Dependencies, moved: HierarchyNode): Promise<number> {
  let rewritten = 0;
  let frontier = [moved.id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const parentId of frontier) {
      const children = await allChildren(deps.table, parentId);
      next.push(...children.filter((child) => child.type !== 'household').map((child) => child.id));
      const changed = await mapLimited(
        children.filter(
          (child) => !sameAncestors(child.ancestors, rebasedAncestors(child.ancestors, moved.ancestors)),
        ),
        REWRITE_CONCURRENCY,
        (child) => rebase(deps, child.id, moved.ancestors),
      );
      rewritten += changed.filter(Boolean).length;
    }
    frontier = next;
  }
  return rewritten;
}

/** Rewrites one descendant's ancestors (through nodeItem, at its revision); false when it already had them. */
async function rebase(deps: Dependencies, id: string, movedAncestors: Ancestors): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await getAnyNode(deps.table, id);
    if (!current) return false;
    const ancestors = rebasedAncestors(current.ancestors, movedAncestors);
    if (sameAncestors(current.ancestors, ancestors)) return false;
    try {
      await writeNodes(deps.table, [
        {
          replace: { ...current, ancestors, revision: (current.revision ?? 0) + 1 } as typeof current,
          ifRevision: current.revision,
        },
      ]);
      return true;
    } catch (error) {
      if (!(error instanceof StaleNodeError)) throw error;
    }
  }
  throw new ConflictError(`${id} kept changing while its place was being rewritten; run the move again.`);
}

async function clearPendingMove(deps: Dependencies, id: string): Promise<HierarchyNode | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await getAnyNode(deps.table, id);
    if (!current || current.type === 'household') return undefined;
    if (!current.pendingMove) return current;
    const { pendingMove: _done, ...rest } = current;
    const cleared: HierarchyNode = { ...rest, revision: (current.revision ?? 0) + 1 };
    try {
      await writeNodes(deps.table, [{ replace: cleared, ifRevision: current.revision }]);
      return cleared;
    } catch (error) {
      if (!(error instanceof StaleNodeError)) throw error;
    }
  }
  throw new ConflictError(`${id} kept changing while its move was being finished; run the move again.`);
}

export interface RegridResult {
  toGridId: string;
  /** Buildings moved (or whose unfinished move was finished) by this call. */
  moved: string[];
  /** Buildings that already were in the grid (a retried regrid). */
  unchanged: string[];
  descendants: number;
  rerouted: number;
}

/**
 * Re-gridding (`POST /regrid`): buildings move to another grid in one operation. Every building is
 * checked first (it exists, is a building, is in the caller's area, has no unfinished move elsewhere)
 * and the target is a grid in the caller's area; if anything is wrong nothing is written. Then each
 * building moves, and its open requests go to the new grid's leaders. A retry moves what is left and
 * changes nothing more.
 */
export async function regrid(
  deps: Dependencies,
  access: Access,
  input: { buildingIds: string[]; toGridId: string },
): Promise<RegridResult> {
  const duplicates = input.buildingIds.flatMap((id, index) =>
    input.buildingIds.indexOf(id) === index
      ? []
      : [{ field: `buildingIds.${index}`, message: 'listed twice' }],
  );
  if (duplicates.length > 0) throw new ValidationError('A building is listed twice.', duplicates);

  const grid = await loadReferenced(deps, input.toGridId, 'toGridId');
  if (grid.type !== 'grid') {
    throw new UnprocessableError(`${input.toGridId} is a ${grid.type}, not a grid.`, [
      { field: 'toGridId', message: `must be a grid, not a ${grid.type}` },
    ]);
  }
  if (!mayManage(access, 'move', 'building', { ancestors: grid.ancestors })) {
    throw new ForbiddenError(`Grid ${grid.id} is outside the area you manage.`, [
      { field: 'toGridId', message: 'outside the area you manage' },
    ]);
  }
  const found = await getNodes(deps.table, input.buildingIds);
  const unknown: FieldProblem[] = [];
  const outside: FieldProblem[] = [];
  const unfinished: FieldProblem[] = [];
  const buildings: HierarchyNode[] = [];
  input.buildingIds.forEach((id, index) => {
    const field = `buildingIds.${index}`;
    const node = found.get(id);
    if (!node) return unknown.push({ field, message: `unknown node ${id}` });
    if (node.type !== 'building')
      return unknown.push({ field, message: `${id} is a ${node.type}, not a building` });
    if (!mayManage(access, 'move', 'building', { ancestors: node.ancestors })) {
      return outside.push({ field, message: `${id} is outside the area you manage` });
    }
    if (node.pendingMove && node.parentId !== grid.id) {
      return unfinished.push({ field, message: `${id} has an unfinished move under ${node.parentId}` });
    }
    buildings.push(node);
  });
  if (unknown.length > 0) throw new UnprocessableError('Only existing buildings are re-gridded.', unknown);
  if (outside.length > 0)
    throw new ForbiddenError('Some buildings are outside the area you manage.', outside);
  if (unfinished.length > 0) {
    throw new ConflictError('Some buildings have a move that is not finished; finish it first.', unfinished);
  }

  const result: RegridResult = { toGridId: grid.id, moved: [], unchanged: [], descendants: 0, rerouted: 0 };
  // One building at a time: each move bumps the grid's revision, and they would only contend.
  for (const building of buildings) {
    const outcome = await performMove(deps, access, building, grid);
    (outcome.moved ? result.moved : result.unchanged).push(building.id);
    result.descendants += outcome.descendants;
    result.rerouted += outcome.rerouted;
  }
  return result;
}
