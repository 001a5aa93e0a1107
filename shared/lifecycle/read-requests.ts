import { maskPhone } from '../domain/privacy.js';
import type { RequestSummary, ServiceRequest } from '../domain/request.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../http/caller.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { getRequestWithHistory, listRequests, type RequestListing } from '../store/request-store.js';

const involves = (request: ServiceRequest, personId: string) =>
  request.assignee?.holderId === personId ||
  request.handlers.some((handler) => handler.personId === personId);

/** Residents see their household's requests; leaders what they hold or held; staff and admins all. */
function assertCanRead(request: ServiceRequest, caller: Caller): void {
  if (caller.role === 'resident') {
    if (caller.householdId !== request.householdId)
      throw new NotFoundError(`Request ${request.id} does not exist.`);
  } else if (caller.role === 'leader' && !involves(request, caller.personId)) {
    throw new ForbiddenError(`Request ${request.id} was never assigned to you.`);
  }
}

/** Phone numbers in full only to staff; everyone else sees them masked. */
function forCaller<T extends RequestSummary & { residentPhone?: string }>(request: T, caller: Caller): T {
  if (caller.role === 'staff' || caller.role === 'admin') return request;
  return {
    ...request,
    ...(request.residentPhone === undefined ? {} : { residentPhone: maskPhone(request.residentPhone) }),
    ...(request.assignee
      ? { assignee: { ...request.assignee, holderPhone: maskPhone(request.assignee.holderPhone) } }
      : {}),
  };
}

export async function readRequest(deps: Dependencies, caller: Caller, id: string) {
  const found = await getRequestWithHistory(deps.table, id);
  if (!found) throw new NotFoundError(`Request ${id} does not exist.`);
  assertCanRead(found.request, caller);
  const staff = caller.role === 'staff' || caller.role === 'admin';
  return {
    request: forCaller(found.request, caller),
    timeline: found.timeline,
    messages: found.messages.map((message) => ({
      key: message.key,
      to:
        message.to.kind === 'phone'
          ? staff
            ? message.to.phone
            : maskPhone(message.to.phone)
          : 'supervisors',
      status: message.status,
      queuedAt: message.queuedAt,
      ...(message.sentAt ? { sentAt: message.sentAt } : {}),
      ...(staff ? { text: message.text } : {}),
    })),
  };
}

export interface ListQuery {
  status?: string;
  assignee?: string;
  householdId?: string;
  limit: number;
  cursor?: string;
}

function listingFor(caller: Caller, query: ListQuery): RequestListing {
  switch (caller.role) {
    case 'resident':
      if (query.householdId && query.householdId !== caller.householdId) {
        throw new ForbiddenError('Residents list their own household’s requests only.', [
          { field: 'householdId', message: 'not your household' },
        ]);
      }
      return { by: 'household', householdId: caller.householdId ?? '' };
    case 'leader':
      if (query.assignee && query.assignee !== caller.personId) {
        throw new ForbiddenError('Leaders list the requests assigned to them.', [
          { field: 'assignee', message: 'must be you (or omitted)' },
        ]);
      }
      return { by: 'assignee', personId: caller.personId, ...(query.status ? { status: query.status } : {}) };
    case 'staff':
    case 'admin':
      if (query.assignee)
        return {
          by: 'assignee',
          personId: query.assignee,
          ...(query.status ? { status: query.status } : {}),
        };
      if (query.householdId) return { by: 'household', householdId: query.householdId };
      if (query.status) return { by: 'status', status: query.status };
      throw new ValidationError('Say which requests to list: by status, assignee or householdId.', [
        { field: 'status', message: 'give status, assignee or householdId' },
      ]);
  }
}

export async function listRequestsFor(deps: Dependencies, caller: Caller, query: ListQuery) {
  const listing = listingFor(caller, query);
  const page = await listRequests(deps.table, listing, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  // The household index has no status in its key; a household has few requests, so filter them here.
  const items =
    listing.by === 'household' && query.status
      ? page.items.filter((item) => item.status === query.status)
      : page.items;
  return {
    items: items.map((item) => forCaller(item, caller)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
