import { householdTags, mayRead } from '../../domain/hierarchy-rules.js';
import type { Access } from '../../domain/access.js';
import type { HierarchyNode, Household } from '../../domain/hierarchy.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { allChildren, getAnyNode, getNodes } from '../../store/hierarchy-store.js';
import { householdView } from './views.js';

const READ_CONCURRENCY = 8;

export interface HouseholdSearch {
  node: string;
  tag?: string;
  /** A prefix of the room (`50` finds 501, 502) or of a resident's name. */
  q?: string;
  limit: number;
  cursor?: string;
}

async function childrenOfType(
  deps: Dependencies,
  parents: readonly string[],
  type: string,
): Promise<string[]> {
  const children = await mapLimited(parents, READ_CONCURRENCY, (id) => allChildren(deps.table, id));
  return children.flat().flatMap((child) => (child.type === type ? [child.id] : []));
}

/** The units of a unit, building or grid: its children by type, down the tree (GSI1 `CHILDREN#`). */
async function unitsOf(deps: Dependencies, node: HierarchyNode): Promise<string[]> {
  switch (node.type) {
    case 'unit':
      return [node.id];
    case 'building':
      return childrenOfType(deps, [node.id], 'unit');
    case 'grid':
      return childrenOfType(deps, await childrenOfType(deps, [node.id], 'building'), 'unit');
    default:
      throw new ValidationError(
        `Search households in a grid, a building or a unit; ${node.id} is a ${node.type}.`,
        [{ field: 'node', message: 'must be a grid, building or unit' }],
      );
  }
}

async function loadSearchRoot(deps: Dependencies, access: Access, id: string): Promise<HierarchyNode> {
  const node = await getAnyNode(deps.table, id);
  if (!node) throw new NotFoundError(`Node ${id} does not exist.`, [{ field: 'node', message: 'unknown' }]);
  if (!mayRead(access, { ancestors: node.ancestors })) {
    throw new ForbiddenError(`Node ${id} is outside your area.`, [
      { field: 'node', message: 'outside your area' },
    ]);
  }
  if (node.type === 'household') {
    throw new ValidationError(`${id} is a household: read it at /households/${id}.`, [
      { field: 'node', message: 'must be a grid, building or unit' },
    ]);
  }
  return node;
}

const matches = (household: Household, { tag, q }: Pick<HouseholdSearch, 'tag' | 'q'>) =>
  (!tag || household.tags.includes(tag)) &&
  (!q || household.room.startsWith(q) || household.residents.some((resident) => resident.name.startsWith(q)));

/** Households sort by address (numbers as numbers: 2单元 before 10单元), then id: the order pages follow. */
const sortKey = (household: Pick<Household, 'address' | 'id'>) => [household.address, household.id] as const;
const compare = (a: readonly [string, string], b: readonly [string, string]) =>
  a[0].localeCompare(b[0], 'zh-CN', { numeric: true }) || a[1].localeCompare(b[1]);

function decodeAfter(cursor: string): [string, string] {
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(after) && after.length === 2 && after.every((part) => typeof part === 'string')) {
      return after as [string, string];
    }
  } catch {
    // Falls through to the 400 below.
  }
  throw new ValidationError('The cursor is not one this API returned.', [
    { field: 'cursor', message: 'not a cursor this API returned for this listing' },
  ]);
}

const encodeAfter = (household: Household) =>
  Buffer.from(JSON.stringify(sortKey(household))).toString('base64url');

/**
 * The households of a grid, building or unit the caller serves, with a tag, or a room or resident
 * name starting with `q`: the units by the children index, their households' keys, then the files
 * (BatchGet, a hundred at a time). A grid of a thousand households is about twenty reads.
 */
export async function searchHouseholds(deps: Dependencies, access: Access, search: HouseholdSearch) {
  const allowed = householdTags(deps.config.householdTags);
  if (search.tag && !allowed.includes(search.tag)) {
    throw new ValidationError(`Unknown household tag; this district records ${allowed.join(', ')}.`, [
      { field: 'tag', message: `"${search.tag}" is not a tag this district records` },
    ]);
  }
  const after = search.cursor ? decodeAfter(search.cursor) : undefined;
  const root = await loadSearchRoot(deps, access, search.node);
  const ids = await childrenOfType(deps, await unitsOf(deps, root), 'household');
  const found = [...(await getNodes(deps.table, ids)).values()].filter(
    (node): node is Household => node.type === 'household' && matches(node, search),
  );
  const ordered = found
    .sort((a, b) => compare(sortKey(a), sortKey(b)))
    .filter((household) => !after || compare(sortKey(household), after) > 0);
  const page = ordered.slice(0, search.limit);
  const last = page.at(-1);
  return {
    items: page.map((household) => householdView(household, access)),
    total: found.length,
    ...(last && ordered.length > page.length ? { nextCursor: encodeAfter(last) } : {}),
  };
}
