import { ForbiddenError } from '../errors.js';
import type { Place } from './place.js';
import type { Level } from '../config/vocabulary.js';

/**
 * Who may do what, and where. Every role but the resident's is scoped to a subtree of the
 * district: a grant's scope is the id of the subtree's root node (`district` for the whole
 * district); a resident's is their household.
 */
export const ROLES = [
  'resident',
  'unit_leader',
  'building_leader',
  'grid_leader',
  'community_staff',
  'street_staff',
  'district_admin',
  'service_staff',
] as const;
export type Role = (typeof ROLES)[number];

export const DISTRICT_SCOPE = 'district';

export interface Grant {
  role: Role;
  scope: string;
}

/** The caller, as the district's records know them: the person, and every grant they hold. */
export interface Access {
  personId: string;
  name?: string;
  grants: Grant[];
}

/** The role that holding a level's post confers. */
export const POST_ROLES: Record<Level, Role> = {
  unit: 'unit_leader',
  building: 'building_leader',
  grid: 'grid_leader',
  community: 'community_staff',
  street: 'street_staff',
};

/** Whether a place lies in the subtree rooted at `scope` (`district`: anywhere). */
export function isWithin(place: Pick<Place, 'ancestors'>, scope: string): boolean {
  return scope === DISTRICT_SCOPE || Object.values(place.ancestors).includes(scope);
}

function covers(grant: Grant, place: Place): boolean {
  switch (grant.role) {
    case 'district_admin':
      return true;
    case 'resident':
      return place.householdId !== undefined && grant.scope === place.householdId;
    default:
      return isWithin(place, grant.scope);
  }
}

/** Whether any of the caller's grants reaches the place. */
export function reaches(access: Access, place: Place, roles: readonly Role[] = ROLES): boolean {
  return access.grants.some((grant) => roles.includes(grant.role) && covers(grant, place));
}

/** The household a resident belongs to; undefined for everyone else. */
export function residentHousehold(access: Access): string | undefined {
  return access.grants.find((grant) => grant.role === 'resident')?.scope;
}

export const isResidentOnly = (access: Access) => access.grants.every((grant) => grant.role === 'resident');

/**
 * Roles that see residents' and leaders' phone numbers in full where they serve: the leaders and
 * staff call the people in their area. Service staff, and residents looking at their leaders, see
 * them masked.
 */
export const FULL_CONTACT_ROLES: readonly Role[] = [
  'unit_leader',
  'building_leader',
  'grid_leader',
  'community_staff',
  'street_staff',
  'district_admin',
];

/**
 * A resident asking about another household is refused before anything is read, the same whether
 * it exists or not: household ids are addresses, and residents must not learn who is registered.
 */
export function assertOwnHouseholdForResidents(access: Access, householdId: string | undefined): void {
  if (householdId && isResidentOnly(access) && householdId !== residentHousehold(access)) {
    throw new ForbiddenError('Residents see their own household only.', [
      { field: 'householdId', message: 'not your household' },
    ]);
  }
}
