import type { Access } from '../../domain/access.js';
import type { Household, Resident, ServiceNeed } from '../../domain/hierarchy.js';
import {
  householdAddress,
  householdTags,
  parentProblem,
  unknownTagPositions,
} from '../../domain/hierarchy-rules.js';
import { LEVELS } from '../../config/vocabulary.js';
import { OPEN_STATUSES } from '../../domain/request.js';
import { ConflictError, UnprocessableError, ValidationError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getNodes, StaleNodeError, writeNodes } from '../../store/hierarchy-store.js';
import { allRequests } from '../../store/request-store.js';
import { assertMayManage, assertMayRead, loadHousehold, loadReferenced, placeOf } from './guards.js';
import { assertFreeId } from './manage-nodes.js';
import { householdView } from './views.js';

/** A household's file (一户一档) as the API takes it. */
export interface HouseholdFile {
  room: string;
  address?: string;
  residents: Resident[];
  tags: string[];
  needs: ServiceNeed[];
}

export interface CreateHouseholdInput extends HouseholdFile {
  id: string;
  unitId: string;
}

/** Tags must be ones the district records: the standard four and its config's `householdTags`. */
function assertKnownTags(deps: Dependencies, tags: readonly string[]): void {
  const allowed = householdTags(deps.config.householdTags);
  const unknown = unknownTagPositions(tags, allowed);
  if (unknown.length === 0) return;
  throw new ValidationError(`Unknown household tag(s); this district records ${allowed.join(', ')}.`, [
    ...unknown.map((index) => ({
      field: `tags.${index}`,
      message: `"${tags[index]}" is not a tag this district records`,
    })),
  ]);
}

/** The address from the names of the community, building and unit, when no address is given. */
async function addressOf(
  deps: Dependencies,
  ancestors: Household['ancestors'],
  room: string,
): Promise<string> {
  const names = await getNodes(deps.table, [ancestors.community, ancestors.building, ancestors.unit]);
  const name = (id: string) => {
    const node = names.get(id);
    return node && 'name' in node ? node.name : id;
  };
  return householdAddress(
    { community: name(ancestors.community), building: name(ancestors.building), unit: name(ancestors.unit) },
    room,
  );
}

/** A new household in a unit; grid leaders keep the files of their grid, staff of their area. */
export async function createHousehold(deps: Dependencies, access: Access, input: CreateHouseholdInput) {
  assertFreeId(input.id);
  assertKnownTags(deps, input.tags);
  const unit = await loadReferenced(deps, input.unitId, 'unitId');
  const problem = parentProblem('household', unit.type);
  if (problem || unit.type === 'household') {
    throw new UnprocessableError(`${input.unitId} cannot hold a household: ${problem}.`, [
      { field: 'unitId', message: problem ?? 'wrong type' },
    ]);
  }
  if (!LEVELS.every((level) => unit.ancestors[level])) {
    throw new Error(`unit ${unit.id} does not have all five ancestors`);
  }
  const ancestors = unit.ancestors as Household['ancestors'];
  assertMayManage(access, 'create', 'household', { householdId: input.id, ancestors }, 'unitId');
  const household: Household = {
    id: input.id,
    type: 'household',
    address: input.address ?? (await addressOf(deps, ancestors, input.room)),
    room: input.room,
    parentId: unit.id,
    ancestors,
    residents: input.residents,
    tags: input.tags,
    needs: input.needs,
    revision: 1,
  };
  try {
    await writeNodes(deps.table, [{ create: household }, { touch: unit.id, ancestors: unit.ancestors }]);
  } catch (error) {
    if (error instanceof StaleNodeError && error.ids.includes(household.id)) {
      throw new ConflictError(`${household.id} already exists.`, [
        { field: 'id', message: 'already exists' },
      ]);
    }
    throw error;
  }
  return householdView(household, access);
}

export async function readHousehold(deps: Dependencies, access: Access, id: string) {
  const household = await loadHousehold(deps, id);
  assertMayRead(access, household);
  return householdView(household, access);
}

/** Changes a household's file; arrays given replace the stored ones. */
export async function updateHousehold(
  deps: Dependencies,
  access: Access,
  id: string,
  patch: Partial<HouseholdFile>,
) {
  const household = await loadHousehold(deps, id);
  assertMayRead(access, household);
  assertMayManage(access, 'update', 'household', placeOf(household));
  if (patch.tags) assertKnownTags(deps, patch.tags);
  const updated: Household = { ...household, ...patch, revision: (household.revision ?? 0) + 1 };
  await writeNodes(deps.table, [{ replace: updated, ifRevision: household.revision }]);
  return householdView(updated, access);
}

/** Deletes a household that has no open request (its closed requests keep their own records). */
export async function deleteHousehold(deps: Dependencies, access: Access, id: string): Promise<void> {
  const household = await loadHousehold(deps, id);
  assertMayRead(access, household);
  assertMayManage(access, 'delete', 'household', placeOf(household));
  const open = await openRequestsOf(deps, id);
  if (open.length > 0) {
    throw new ConflictError(
      `Household ${id} has ${open.length} open request(s) (${open.slice(0, 5).join(', ')}): close them first.`,
    );
  }
  await writeNodes(deps.table, [{ remove: id, ifRevision: household.revision }]);
}

async function openRequestsOf(deps: Dependencies, householdId: string): Promise<string[]> {
  const requests = await allRequests(deps.table, { by: 'household', householdId });
  return requests.filter((item) => OPEN_STATUSES.includes(item.status)).map((item) => item.id);
}
