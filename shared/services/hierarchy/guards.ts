import { isResidentOnly, type Access, type Role } from '../../domain/access.js';
import type { Place } from '../../domain/place.js';
import type { HierarchyNode, Household, NodeType } from '../../domain/hierarchy.js';
import { managingRoles, mayManage, mayRead, type ManageAction } from '../../domain/hierarchy-rules.js';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../../errors.js';
import { LEVELS } from '../../config/vocabulary.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getAnyNode, type AnyNode } from '../../store/hierarchy-store.js';

/** Loading and the checks every hierarchy service makes, each failing with the status and the reason. */

/** A street … unit by id; a household or an unknown id is a 404 (households live under /households). */
export async function loadNode(deps: Dependencies, id: string): Promise<HierarchyNode> {
  const node = await getAnyNode(deps.table, id);
  if (node?.type === 'household') {
    throw new NotFoundError(`${id} is a household, not a node: see /households/${id}.`);
  }
  if (!node) throw new NotFoundError(`Node ${id} does not exist.`);
  return node;
}

export async function loadHousehold(deps: Dependencies, id: string): Promise<Household> {
  const node = await getAnyNode(deps.table, id);
  if (node?.type !== 'household') throw new NotFoundError(`Household ${id} does not exist.`);
  return node;
}

/** A node named in the body (a parent, a target grid): unknown is a 422 naming the field. */
export async function loadReferenced(deps: Dependencies, id: string, field: string): Promise<AnyNode> {
  const node = await getAnyNode(deps.table, id);
  if (!node) {
    throw new UnprocessableError(`${field} ${id} does not exist.`, [{ field, message: 'unknown node' }]);
  }
  return node;
}

export const placeOf = (node: AnyNode): Place =>
  node.type === 'household'
    ? { householdId: node.id, ancestors: node.ancestors }
    : { ancestors: node.ancestors };

/** Read access: outside it a resident is told the household does not exist (404), anyone else 403. */
export function assertMayRead(access: Access, node: AnyNode): void {
  if (mayRead(access, placeOf(node))) return;
  if (node.type === 'household' && isResidentOnly(access)) {
    throw new NotFoundError(`Household ${node.id} does not exist.`);
  }
  throw new ForbiddenError(
    `${node.type === 'household' ? 'Household' : 'Node'} ${node.id} is outside your area.`,
  );
}

const ROLE_WORDS: Partial<Record<Role, string>> = {
  district_admin: 'a district admin',
  street_staff: 'the staff of its street',
  community_staff: 'the staff of its community',
  grid_leader: 'the leader of its grid',
};

const ACTION_WORDS: Record<ManageAction, string> = {
  create: 'create',
  update: 'change',
  delete: 'delete',
  move: 'move',
  post: 'appoint or remove the leader of',
};

/** Manage access, with the reason in the answer: who may do this to a node of this type. */
export function assertMayManage(
  access: Access,
  action: ManageAction,
  type: NodeType,
  place: Place,
  field?: string,
): void {
  if (mayManage(access, action, type, place)) return;
  const who = managingRoles(action, type).map((role) => ROLE_WORDS[role] ?? role);
  const where = place.householdId ?? LEVELS.map((level) => place.ancestors[level]).find(Boolean) ?? 'the top';
  throw new ForbiddenError(
    `You may not ${ACTION_WORDS[action]} a ${type} at ${where}: only ${who.join(', or ')} may.`,
    field ? [{ field, message: 'outside the area you manage' }] : [],
  );
}
