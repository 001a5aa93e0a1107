import {
  DISTRICT_SCOPE,
  FULL_CONTACT_ROLES,
  reaches,
  residentHousehold,
  type Access,
  type Role,
} from './access.js';
import {
  NODE_TYPES,
  type HierarchyNode,
  type NodeType,
  type Household,
  type Post,
  type PostChange,
} from './hierarchy.js';
import { LEVEL_NAMES_ZH, STANDARD_HOUSEHOLD_TAGS } from '../config/vocabulary.js';
import type { Ancestors, Place } from './place.js';

/**
 * The rules of the district tree as a managed resource: what goes under what, what moves, who
 * manages which part of it, and who sees whose phone numbers. Pure: the services in
 * shared/services/hierarchy load, ask these rules, and write.
 */

/** Node, household and person ids: lowercase letters, digits and dashes (`gd-yinrong-3`, `p-0032`). */
export const ID_PATTERN = /^[a-z0-9-]{2,64}$/;
export const ID_RULE = 'must be 2–64 lowercase letters, digits or dashes';
/** Ids that name something other than a node: `district` is the root the streets hang from. */
export const RESERVED_IDS: readonly string[] = [DISTRICT_SCOPE];
/** E.164, as SNS sends SMS to: `+86` and the mobile number. */
export const PHONE_PATTERN = /^\+[1-9]\d{7,14}$/;
export const PHONE_RULE = 'must be E.164, e.g. +8613800000000';

/**
 * A household's address as residents say it: 银融社区 3栋 2单元 502. The grid is left out on
 * purpose: it is an administrative cut that re-gridding changes, not part of anyone's address.
 */
export function householdAddress(names: { community: string; building: string; unit: string }, room: string) {
  return [names.community, names.building, names.unit, room].join(' ');
}

/** A household in a unit: its place is the unit's (whose ancestors include the unit itself), its address from the names. */
export function householdIn(
  unit: Pick<HierarchyNode, 'id' | 'ancestors'>,
  names: { community: string; building: string; unit: string },
  household: Pick<Household, 'id' | 'room' | 'residents' | 'tags'>,
): Household {
  return {
    ...household,
    type: 'household',
    address: householdAddress(names, household.room),
    parentId: unit.id,
    ancestors: { ...unit.ancestors } as Required<Ancestors>,
  };
}

export const TYPE_NAMES_ZH: Record<NodeType, string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
  household: '住户',
};

/** The type one level up: a unit belongs to exactly one building, a household to one unit; a street to none. */
export function parentTypeOf(type: NodeType): NodeType | undefined {
  return NODE_TYPES[NODE_TYPES.indexOf(type) - 1];
}

/** Why a node of `parentType` cannot hold a `type`, in the words the API answers with; undefined when it can. */
export function parentProblem(type: NodeType, parentType: NodeType | undefined): string | undefined {
  const expected = parentTypeOf(type);
  if (expected === parentType) return undefined;
  if (!expected) return `a ${type} has no parent: streets hang from the district`;
  return `a ${type} goes under a ${expected}${parentType ? `, not a ${parentType}` : ''}`;
}

/**
 * What moves: grids between communities, buildings between grids (re-gridding), units between
 * buildings. Streets and communities are the civil administration's and do not move.
 */
export const MOVABLE_TYPES: readonly NodeType[] = ['grid', 'building', 'unit'];

/** A node's ancestors: its parent's, and itself at its own level (a household takes its unit's). */
export function ancestorsUnder(
  type: NodeType,
  id: string,
  parent: { ancestors: Ancestors } | undefined,
): Ancestors {
  const inherited = { ...parent?.ancestors };
  return type === 'household' ? inherited : { ...inherited, [type]: id };
}

/**
 * A descendant's ancestors after a move: the moved node's levels (from the street down to the
 * node itself) replace the old ones; the descendant's own levels below stay.
 */
export function rebasedAncestors<A extends Ancestors>(descendant: A, moved: Ancestors): A {
  return { ...descendant, ...moved };
}

export const sameAncestors = (a: Ancestors, b: Ancestors) =>
  NODE_TYPES.every((type) => type === 'household' || a[type] === b[type]);

export type ManageAction = 'create' | 'update' | 'delete' | 'move' | 'post';

const below = (type: NodeType) => NODE_TYPES.slice(NODE_TYPES.indexOf(type) + 1);

/**
 * Which node types each staff role manages (create, update, delete, move, and their posts) inside
 * its scope: a district admin everything, street staff communities and below, community staff grids
 * and below. Nobody manages the node their own post is at, nor their own post.
 */
export const MANAGED_TYPES: Partial<Record<Role, readonly NodeType[]>> = {
  district_admin: NODE_TYPES,
  street_staff: below('street'),
  community_staff: below('community'),
};

/** 一户一档 is kept by grid leaders: they create and update the households of their grid (not delete them). */
const GRID_LEADER_HOUSEHOLD_ACTIONS: readonly ManageAction[] = ['create', 'update'];

export function managingRoles(action: ManageAction, type: NodeType): Role[] {
  const roles = (Object.entries(MANAGED_TYPES) as [Role, readonly NodeType[]][])
    .filter(([, types]) => types.includes(type))
    .map(([role]) => role);
  if (type === 'household' && GRID_LEADER_HOUSEHOLD_ACTIONS.includes(action)) roles.push('grid_leader');
  return roles;
}

/** Whether the caller may do `action` to a node of `type` at `place` (for a move: at both places). */
export function mayManage(access: Access, action: ManageAction, type: NodeType, place: Place): boolean {
  return reaches(access, place, managingRoles(action, type));
}

/** Everyone whose grant reaches a place may read it; a resident, only their own household. */
export function mayRead(access: Access, place: Place): boolean {
  return reaches(access, place);
}

/**
 * Phone numbers in full for the leaders and staff who serve the place (FULL_CONTACT_ROLES), and for a
 * resident looking at their own household's members (their family); masked for everyone else.
 */
export function seesContacts(access: Access, place: Place): boolean {
  if (reaches(access, place, FULL_CONTACT_ROLES)) return true;
  return place.householdId !== undefined && residentHousehold(access) === place.householdId;
}

/** The roles that keep the district's roster of people: the ones who assign posts. */
export const ROSTER_ROLES: readonly Role[] = ['district_admin', 'street_staff', 'community_staff'];

export const keepsRoster = (access: Access) =>
  access.grants.some((grant) => ROSTER_ROLES.includes(grant.role));

/** A post a person holds, as the rules need it: the node's type and place. */
export interface HeldPost {
  type: HierarchyNode['type'];
  ancestors: Ancestors;
}

/**
 * Yourself; anyone whose area holds one of their posts (a district admin: everyone); and a person
 * who holds no post, for whoever keeps the roster (to find someone to appoint). For everyone else
 * the person does not exist (404, as any read out of scope).
 */
export function mayReadPerson(access: Access, personId: string, posts: readonly HeldPost[]): boolean {
  if (personId === access.personId) return true;
  if (posts.length === 0) return keepsRoster(access);
  return posts.some((post) => reaches(access, { ancestors: post.ancestors }));
}

/**
 * A person's name and phone are what every post they hold texts: whoever may manage all of their
 * posts may change them (anyone who keeps the roster, for a person without a post). Not the person
 * themself: a phone number that receives requests changes through the staff who appointed them.
 */
export function mayUpdatePerson(access: Access, posts: readonly HeldPost[]): boolean {
  if (posts.length === 0) return keepsRoster(access);
  return posts.every((post) => mayManage(access, 'post', post.type, { ancestors: post.ancestors }));
}

/** Whether full contact details of a person are shown: to themself, admins, and leaders and staff of their area. */
export function seesPersonContacts(access: Access, personId: string, posts: readonly HeldPost[]): boolean {
  if (personId === access.personId) return true;
  if (access.grants.some((grant) => grant.role === 'district_admin')) return true;
  return posts.some((post) => reaches(access, { ancestors: post.ancestors }, FULL_CONTACT_ROLES));
}

/** What a change of post is, or undefined when the post stays as it is. */
export function postChangeAction(
  before: Post | undefined,
  after: Post | undefined,
): PostChange['action'] | undefined {
  if (before?.holderId === after?.holderId) return undefined;
  if (!after) return 'vacated';
  return before ? 'replaced' : 'assigned';
}

/** The reason the requests held at a post give on their timeline when it changes hands. */
export function postChangeReason(
  node: Pick<HierarchyNode, 'type' | 'name'>,
  before: Post | undefined,
  after: Post | undefined,
): string {
  const post = `${LEVEL_NAMES_ZH[node.type]} of ${node.name}`;
  if (!after) return `${post} vacated (was ${before?.holderName ?? 'vacant'})`;
  return `${post} changed from ${before?.holderName ?? 'vacant'} to ${after.holderName}`;
}

/** "楼栋 3栋 moved from 第一网格 to 第二网格": the reason every request under a moved node gives. */
export function moveReason(node: Pick<HierarchyNode, 'type' | 'name'>, from: string, to: string): string {
  return `${TYPE_NAMES_ZH[node.type]} ${node.name} moved from ${from} to ${to}`;
}

/** The tags a household may carry: the standard four and the district's own. */
export function householdTags(districtTags: readonly string[] = []): string[] {
  return [...new Set([...STANDARD_HOUSEHOLD_TAGS, ...districtTags])];
}

/** The positions of tags the district does not record (each becomes a `tags.<n>` problem). */
export function unknownTagPositions(tags: readonly string[], allowed: readonly string[]): number[] {
  return tags.flatMap((tag, index) => (allowed.includes(tag) ? [] : [index]));
}
