import type { Access } from '../domain/access.js';
import { ForbiddenError } from '../errors.js';
import type { Identity } from '../http/caller.js';
import type { Dependencies } from './dependencies.js';
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
