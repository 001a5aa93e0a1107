import { reroute } from '../../domain/lifecycle.js';
import type { Level } from '../../config/vocabulary.js';
import type { HierarchyNode } from '../../domain/hierarchy.js';
import { OPEN_STATUSES, type RequestStatus, type ServiceRequest } from '../../domain/request.js';
import { followCommunityPost } from '../../domain/triage.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { getAnyNode, getChain, getHousehold } from '../../store/hierarchy-store.js';
import {
  allRequests,
  commitTransition,
  getRequest,
  StaleRequestError,
  type RequestListing,
} from '../../store/request-store.js';
import { tellWorkflow } from './tell-workflow.js';
import { lifecycleContext } from './lifecycle-context.js';

/** The statuses in which a leader (or, in triage, a community's duty officer) holds a request: they move with a post. */
const HELD: RequestStatus[] = ['assigned', 'acknowledged', 'triage'];

/**
 * Re-evaluates an open request against its household's place and posts as they are now, commits
 * the change with its timeline entry and SMS, and tells the waiting workflow the new deadline.
 * Returns whether the request changed.
 */
export async function rerouteRequest(
  deps: Dependencies,
  requestId: string,
  reason: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await getRequest(deps.table, requestId);
    if (!stored || stored.request.status === 'closed') return false;
    const transition = await decide(deps, stored.request, reason);
    if (!transition) return false;
    try {
      await commitTransition(deps.table, transition, {
        version: stored.request.version,
        taskToken: stored.taskToken,
      });
    } catch (error) {
      if (error instanceof StaleRequestError) continue;
      throw error;
    }
    recordMetric.transition(stored.request, transition);
    await tellWorkflow(deps, stored.taskToken, transition.request);
    return true;
  }
  return false;
}

/** Consistent reads: this runs right after a post or a place changed, and must see the change. */
async function decide(deps: Dependencies, request: ServiceRequest, reason: string) {
  const context = lifecycleContext(deps);
  // A request in triage has no household yet: it is with whoever acts for its community.
  if (!request.householdId) {
    const community = await getAnyNode(deps.table, request.ancestors.community);
    return community && community.type !== 'household'
      ? followCommunityPost(request, community, reason, context)
      : undefined;
  }
  const household = await getHousehold(deps.table, request.householdId, { consistent: true });
  if (!household) return undefined;
  const chain = await getChain(deps.table, household, { consistent: true });
  return reroute(request, household.ancestors, chain, reason, context);
}

async function allIds(
  deps: Dependencies,
  listing: RequestListing,
  keep: (item: { level: Level; ancestors: HierarchyNode['ancestors'] }) => boolean,
) {
  return (await allRequests(deps.table, listing)).filter(keep).map((item) => item.id);
}

/** The open requests a person holds at a node's post (one Query per held status). */
export async function requestsHeldAt(
  deps: Dependencies,
  holderId: string,
  node: HierarchyNode,
): Promise<string[]> {
  const lists = await Promise.all(
    HELD.map((status) =>
      allIds(
        deps,
        { by: 'assignee', personId: holderId, status },
        (item) => item.level === node.type && item.ancestors[node.type as Level] === node.id,
      ),
    ),
  );
  return lists.flat();
}

/** Every open request under a node inside a community (grid, building or unit), from the area index. */
export async function openRequestsUnder(deps: Dependencies, node: HierarchyNode): Promise<string[]> {
  const { community, grid, building, unit } = node.ancestors;
  if (!community) throw new Error(`node ${node.id} is not inside a community`);
  const path = [grid, building, unit].filter((id): id is string => id !== undefined);
  const lists = await Promise.all(
    OPEN_STATUSES.map((status) =>
      allIds(deps, { by: 'area', communityId: community, path, status }, () => true),
    ),
  );
  return lists.flat();
}
