import {
  assertOwnHouseholdForResidents,
  reaches,
  residentHousehold,
  isResidentOnly,
  type Access,
} from '../../domain/access.js';
import type { HierarchyNode } from '../../domain/hierarchy.js';
import { assertKnownCategory } from '../../domain/lifecycle.js';
import type { RequestStatus, RequestSummary, ServiceRequest } from '../../domain/request.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getHousehold, getNode } from '../../store/hierarchy-store.js';
import { requestHistoryView, requestView } from './request-view.js';
import { photoLinks } from '../photos/photo-uploads.js';
import {
  getRequestWithHistory,
  listRequests,
  type RequestFilters,
  type RequestListing,
} from '../../store/request-store.js';

const placeOf = (request: RequestSummary) => ({
  householdId: request.householdId,
  ancestors: request.ancestors,
});

/**
 * A resident sees their household's requests (others' do not exist for them); anyone else sees
 * the requests in the subtrees of their grants, and the ones they handled themselves.
 */
function assertCanRead(request: ServiceRequest, access: Access): void {
  if (reaches(access, placeOf(request))) return;
  if (request.handlers.some((handler) => handler.personId === access.personId)) return;
  if (isResidentOnly(access)) throw new NotFoundError(`Request ${request.id} does not exist.`);
  throw new ForbiddenError(`Request ${request.id} is outside your area.`);
}

export async function readRequest(deps: Dependencies, access: Access, id: string) {
  const found = await getRequestWithHistory(deps.table, id);
  if (!found) throw new NotFoundError(`Request ${id} does not exist.`);
  assertCanRead(found.request, access);
  const view = requestHistoryView(found, access);
  const { photos, resolution } = view.request;
  // Links only for those who may read the request, and only for a while.
  return {
    ...view,
    request: {
      ...view.request,
      photos: await photoLinks(deps, photos),
      ...(resolution?.photos
        ? { resolution: { ...resolution, photos: await photoLinks(deps, resolution.photos) } }
        : {}),
    },
  };
}

export interface ListQuery extends RequestFilters {
  status?: RequestStatus;
  assignee?: string;
  node?: string;
  householdId?: string;
  limit: number;
  cursor?: string;
}

/** A node's path inside its community (grid, building, unit), as the area index sorts requests. */
function pathInCommunity(node: HierarchyNode): string[] {
  const { grid, building, unit } = node.ancestors;
  return [grid, building, unit].filter((id): id is string => id !== undefined);
}

async function listingFor(deps: Dependencies, access: Access, query: ListQuery): Promise<RequestListing> {
  const filters = (['householdId', 'node', 'assignee'] as const).filter((name) => query[name] !== undefined);
  if (filters.length > 1) {
    throw new ValidationError('List by one of householdId, node or assignee.', [
      { field: filters[1] ?? 'query', message: `cannot be combined with ${filters[0]}` },
    ]);
  }
  assertOwnHouseholdForResidents(access, query.householdId);
  const household =
    query.householdId ??
    (isResidentOnly(access) && !query.node && !query.assignee ? residentHousehold(access) : undefined);
  if (household) {
    const place = await householdPlace(deps, household);
    if (!reaches(access, place)) {
      throw new ForbiddenError(`Household ${household} is outside your area.`, [
        { field: 'householdId', message: 'outside your area' },
      ]);
    }
    return { by: 'household', householdId: household };
  }
  if (query.node) {
    const node = await getNode(deps.table, query.node);
    if (!node)
      throw new NotFoundError(`Node ${query.node} does not exist.`, [{ field: 'node', message: 'unknown' }]);
    if (!reaches(access, { ancestors: node.ancestors })) {
      throw new ForbiddenError(`Node ${query.node} is outside your area.`, [
        { field: 'node', message: 'outside your area' },
      ]);
    }
    if (!node.ancestors.community) {
      throw new ValidationError('List a street by each of its communities.', [
        { field: 'node', message: 'must be a community, grid, building or unit' },
      ]);
    }
    if (!query.status) {
      throw new ValidationError('Say which status to list in an area.', [
        { field: 'status', message: 'required with node' },
      ]);
    }
    return {
      by: 'area',
      communityId: node.ancestors.community,
      path: pathInCommunity(node),
      status: query.status,
    };
  }
  const assignee = query.assignee ?? access.personId;
  if (assignee !== access.personId && !access.grants.some((grant) => grant.role === 'district_admin')) {
    throw new ForbiddenError('You list the requests assigned to you; list an area with node=.', [
      { field: 'assignee', message: 'must be you (or omitted)' },
    ]);
  }
  return { by: 'assignee', personId: assignee, ...(query.status ? { status: query.status } : {}) };
}

async function householdPlace(deps: Dependencies, householdId: string) {
  const household = await getHousehold(deps.table, householdId);
  if (!household) {
    throw new NotFoundError(`Household ${householdId} does not exist.`, [
      { field: 'householdId', message: 'unknown' },
    ]);
  }
  return { householdId, ancestors: household.ancestors };
}

export async function listRequestsFor(deps: Dependencies, access: Access, query: ListQuery) {
  const { category, priority, level, overdue } = query;
  if (category) assertKnownCategory(category, { config: deps.config, now: deps.clock.now() });
  const listing = await listingFor(deps, access, query);
  const filters = {
    ...(category ? { category } : {}),
    ...(priority ? { priority } : {}),
    ...(level ? { level } : {}),
    ...(overdue === undefined ? {} : { overdue }),
  };
  const page = await listRequests(
    deps.table,
    listing,
    { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
    { filters, now: deps.clock.now() },
  );
  // The household index has no status in its key; a household has few requests, so filter them here.
  const items =
    listing.by === 'household' && query.status
      ? page.items.filter((item) => item.status === query.status)
      : page.items;
  return {
    items: items.map((item) => requestView(item, access)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
