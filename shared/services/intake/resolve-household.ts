import { DISTRICT_SCOPE, isWithin } from '../../domain/access.js';
import { matchCommunities, parseAddress, samePlace } from '../../domain/address-match.js';
import type { Household } from '../../domain/hierarchy.js';
import { ID_PATTERN, PHONE_PATTERN } from '../../domain/hierarchy-rules.js';
import {
  allChildren,
  getHousehold,
  getNode,
  householdsWithPhone,
  type ChildSummary,
} from '../../store/hierarchy-store.js';
import type { DistrictTable } from '../../store/table.js';
import type { AddressHint } from '../../domain/intake-submission.js';

/** What a third-party request says about whose it is. */
export interface HouseholdHint {
  householdId?: string;
  phone?: string;
  address?: AddressHint;
}

export interface ResolvedHousehold {
  household: Household;
  by: 'id' | 'phone' | 'address';
}

/** The only one, or undefined when there is none or more than one (an ambiguous hint resolves nothing). */
const only = <T>(items: readonly T[]): T | undefined => (items.length === 1 ? items[0] : undefined);

/**
 * The household a third-party request is for: by its id, else by a registered resident's phone
 * (one household in scope, not several), else by its address (community, building, unit, room).
 * `scope` is the partner's node (`district` or a community id): a household outside it is not
 * resolved. Undefined when nothing resolves; the caller sends the request to triage.
 */
export async function resolveHousehold(
  table: DistrictTable,
  hint: HouseholdHint,
  scope: string,
): Promise<ResolvedHousehold | undefined> {
  // A form's answer is a household id only if it looks like one (and so fits in a key).
  if (hint.householdId && ID_PATTERN.test(hint.householdId)) {
    const household = await getHousehold(table, hint.householdId);
    if (household && isWithin(household, scope)) return { household, by: 'id' };
  }
  if (hint.phone && PHONE_PATTERN.test(hint.phone)) {
    const households = await householdsWithPhone(table, hint.phone);
    const household = only(households.filter((candidate) => isWithin(candidate, scope)));
    if (household) return { household, by: 'phone' };
  }
  const household = hint.address ? await byAddress(table, hint.address, scope) : undefined;
  return household ? { household, by: 'address' } : undefined;
}

/**
 * Walks the tree by names (GSI1 `CHILDREN#`): the community's grids, their buildings, the unit, the
 * household by room. The form's parts win over what its free text says (an empty field says nothing).
 */
async function byAddress(table: DistrictTable, address: AddressHint, scope: string) {
  const parsed = address.text ? parseAddress(address.text) : {};
  const building = address.building || parsed.building;
  const unit = address.unit || parsed.unit;
  const room = address.room || parsed.room;
  if (!building || !unit || !room) return undefined;
  const community = await communityOf(table, address, parsed.community, scope);
  if (!community) return undefined;
  const grids = await allChildren(table, community);
  const buildings = (await Promise.all(grids.map((grid) => allChildren(table, grid.id)))).flat();
  const foundBuilding = only(buildings.filter((child) => named(child, building)));
  if (!foundBuilding) return undefined;
  const foundUnit = only((await allChildren(table, foundBuilding.id)).filter((child) => named(child, unit)));
  if (!foundUnit) return undefined;
  const households = await allChildren(table, foundUnit.id);
  const foundHousehold = only(
    households.filter((child) => child.type === 'household' && child.room && samePlace(child.room, room)),
  );
  const household = foundHousehold ? await getHousehold(table, foundHousehold.id) : undefined;
  // A scope below the community (a grid's or a building's form) holds only its own households.
  return household && isWithin(household, scope) ? household : undefined;
}

const named = (child: ChildSummary, name: string) =>
  child.type !== 'household' && child.name !== undefined && samePlace(child.name, name);

/** The communities a partner's scope covers: the district's, a street's, a community, or the one above a grid or building. */
async function communitiesIn(table: DistrictTable, scope: string): Promise<ChildSummary[]> {
  if (scope === DISTRICT_SCOPE) {
    const streets = await allChildren(table, DISTRICT_SCOPE);
    return (await Promise.all(streets.map((street) => allChildren(table, street.id)))).flat();
  }
  const node = await getNode(table, scope);
  if (!node) return [];
  if (node.type === 'street') return allChildren(table, node.id);
  const communityId = node.type === 'community' ? node.id : node.ancestors.community;
  const community = communityId ? await getNode(table, communityId) : undefined;
  return community ? [community] : [];
}

/**
 * The community to search among those the scope covers: the one the hint names (the form's field,
 * the text's "…社区", then any community name in the text), or the only one when it names none.
 */
async function communityOf(
  table: DistrictTable,
  address: AddressHint,
  parsedCommunity: string | undefined,
  scope: string,
): Promise<string | undefined> {
  const candidates = (await communitiesIn(table, scope)).flatMap(({ id, name }) =>
    name ? [{ id, name }] : [],
  );
  const named = !!(address.community || parsedCommunity);
  const namings = [address.community, parsedCommunity, address.text].filter(
    (naming): naming is string => !!naming,
  );
  for (const naming of namings) {
    const matches = matchCommunities(naming, candidates);
    if (matches.length > 0) return only(matches)?.id;
  }
  return named ? undefined : only(candidates)?.id;
}
