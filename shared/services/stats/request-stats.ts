import { DISTRICT_SCOPE, reaches, type Access, type Role } from '../../domain/access.js';
import type { HierarchyNode } from '../../domain/hierarchy.js';
import { NO_GRID, STATS_MAX_DAYS } from '../../domain/request-tally.js';
import { addDays } from '../../domain/time-zone.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { allChildren, getNode, getNodes } from '../../store/hierarchy-store.js';
import { talliesBetween, type StoredTally } from '../../store/tally-store.js';
import { summarizeTallies } from './summarize-tallies.js';

const READ_CONCURRENCY = 8;

/** Charts are for the offices: community, street and district staff, over what they serve. */
const STATS_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

export interface StatsQuery {
  from: string;
  to: string;
  node?: string;
}

/** Where the tallies are read: the communities, and the one grid when a grid was asked for. */
interface StatsScope {
  communities: string[];
  grid?: string;
}

function assertWindow({ from, to }: StatsQuery): void {
  if (from > to) {
    throw new ValidationError('The window ends before it starts.', [
      { field: 'to', message: 'must not be before from' },
    ]);
  }
  if (addDays(from, STATS_MAX_DAYS - 1) < to) {
    throw new ValidationError(`The window is longer than ${STATS_MAX_DAYS} days.`, [
      { field: 'to', message: `must be at most ${STATS_MAX_DAYS} days from from, both included` },
    ]);
  }
}

/** The communities of a street. */
export async function communitiesUnder(deps: Dependencies, street: string): Promise<string[]> {
  return (await allChildren(deps.table, street))
    .filter((child) => child.type === 'community')
    .map((child) => child.id);
}

/** The communities of the subtree rooted at a node (`district`: all of them). */
async function scopeOf(deps: Dependencies, root: HierarchyNode | typeof DISTRICT_SCOPE): Promise<StatsScope> {
  if (root === DISTRICT_SCOPE) {
    const streets = (await allChildren(deps.table, DISTRICT_SCOPE)).map((child) => child.id);
    return {
      communities: (await mapLimited(streets, READ_CONCURRENCY, (id) => communitiesUnder(deps, id))).flat(),
    };
  }
  switch (root.type) {
    case 'street':
      return { communities: await communitiesUnder(deps, root.id) };
    case 'community':
      return { communities: [root.id] };
    case 'grid':
      return { communities: root.ancestors.community ? [root.ancestors.community] : [], grid: root.id };
    default:
      throw new ValidationError(`Statistics are kept by grid; ${root.id} is a ${root.type}.`, [
        { field: 'node', message: 'must be district, a street, a community or a grid' },
      ]);
  }
}

async function askedScope(deps: Dependencies, access: Access, nodeId: string): Promise<StatsScope> {
  if (nodeId === DISTRICT_SCOPE) {
    if (!reaches(access, { ancestors: {} }, STATS_ROLES)) {
      throw new ForbiddenError('The whole district’s statistics are for district admins.', [
        { field: 'node', message: 'outside your area' },
      ]);
    }
    return scopeOf(deps, DISTRICT_SCOPE);
  }
  const node = await getNode(deps.table, nodeId);
  if (!node)
    throw new NotFoundError(`Node ${nodeId} does not exist.`, [{ field: 'node', message: 'unknown' }]);
  if (!reaches(access, { ancestors: node.ancestors }, STATS_ROLES)) {
    throw new ForbiddenError(`Node ${nodeId} is outside the area you serve as staff.`, [
      { field: 'node', message: 'outside your area' },
    ]);
  }
  return scopeOf(deps, node);
}

/** Without a node: everything the caller serves as staff (each grant's subtree, once). */
async function servedScope(deps: Dependencies, access: Access): Promise<StatsScope> {
  const roots = [
    ...new Set(access.grants.filter((grant) => STATS_ROLES.includes(grant.role)).map((grant) => grant.scope)),
  ];
  if (roots.length === 0) {
    throw new ForbiddenError('Statistics are for community, street and district staff.');
  }
  const scopes = await mapLimited(roots, READ_CONCURRENCY, (root) => askedScope(deps, access, root));
  return { communities: [...new Set(scopes.flatMap((scope) => scope.communities))] };
}

/**
 * The four charts over a window of days (district time, both ends in): SLA compliance by grid,
 * time to acknowledge, requests by category per ISO week, escalations by level. From the tallies
 * the lifecycle keeps (one Query per community), not from the requests themselves.
 */
export async function requestStats(deps: Dependencies, access: Access, query: StatsQuery) {
  assertWindow(query);
  if (!access.grants.some((grant) => STATS_ROLES.includes(grant.role))) {
    throw new ForbiddenError('Statistics are for community, street and district staff.');
  }
  const scope = query.node ? await askedScope(deps, access, query.node) : await servedScope(deps, access);
  const window = { from: query.from, to: query.to };
  const read = await mapLimited(scope.communities, READ_CONCURRENCY, (community) =>
    talliesBetween(deps.table, community, window),
  );
  const tallies: StoredTally[] = read.flat().filter((tally) => !scope.grid || tally.grid === scope.grid);
  const grids = await getNodes(
    deps.table,
    [...new Set(tallies.map((tally) => tally.grid))].filter((grid) => grid !== NO_GRID),
  );
  return {
    ...window,
    communities: scope.communities,
    ...(scope.grid ? { grid: scope.grid } : {}),
    ...summarizeTallies(tallies, {
      window,
      categories: deps.config.categories.map((category) => category.code),
      gridNames: new Map([...grids].map(([id, node]) => [id, 'name' in node ? node.name : id])),
    }),
  };
}
