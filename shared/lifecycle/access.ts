import { isResidentOnly, residentHousehold, type Access } from '../domain/access.js';
import { ForbiddenError } from '../errors.js';
import type { Identity } from '../http/caller.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { getGrants } from '../store/hierarchy-store.js';

/**
 * The caller's grants: the posts they hold and the roles the district gave them (one Query),
 * and, for a resident's account, their household.
 */
export async function loadAccess(deps: Dependencies, identity: Identity): Promise<Access> {
  const grants = await getGrants(deps.table, identity.personId);
  if (identity.householdId) grants.push({ role: 'resident', scope: identity.householdId });
  if (grants.length === 0) {
    throw new ForbiddenError(`Person ${identity.personId} holds no post or role in this district.`);
  }
  return { personId: identity.personId, ...(identity.name ? { name: identity.name } : {}), grants };
}

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
