import type { Access } from '../../domain/access.js';
import { seesContacts } from '../../domain/hierarchy-rules.js';
import { maskPhone } from '../../domain/privacy.js';
import type { RequestSummary, ServiceRequest, TimelineEntry } from '../../domain/request.js';
import type { MessageRecord } from '../../store/outbox-store.js';

/**
 * Whose phone numbers a caller sees in full on a request: the one rule of docs/api.md's "Phone
 * numbers" paragraph, the same as for nodes and households (seesContacts). The leaders and staff
 * who serve the request's place see every number; the household's residents see their own number;
 * everyone else (service staff and volunteer teams, a leader who held it elsewhere, residents
 * looking at their leader) sees them masked.
 */
function phoneRule(access: Access, request: RequestSummary) {
  const servesPlace = seesContacts(access, { ancestors: request.ancestors });
  const household =
    servesPlace || seesContacts(access, { householdId: request.householdId, ancestors: request.ancestors });
  return {
    servesPlace,
    leaders: (phone: string) => (servesPlace ? phone : maskPhone(phone)),
    household: (phone: string) => (household ? phone : maskPhone(phone)),
  };
}

/**
 * A request as a caller sees it: the one view used by every response that carries a request or a
 * summary of one (GET one, the listings, submit, every action, the 409 that carries what was stored).
 */
export function requestView<
  T extends RequestSummary & Partial<Pick<ServiceRequest, 'residentPhone' | 'dispatch'>>,
>(request: T, access: Access): T {
  const phones = phoneRule(access, request);
  if (phones.servesPlace) return request;
  const { residentPhone, assignee, dispatch } = request;
  return {
    ...request,
    ...(residentPhone === undefined ? {} : { residentPhone: phones.household(residentPhone) }),
    ...(assignee ? { assignee: { ...assignee, holderPhone: phones.leaders(assignee.holderPhone) } } : {}),
    ...(dispatch
      ? {
          dispatch: {
            ...dispatch,
            provider: {
              ...dispatch.provider,
              contact: {
                ...dispatch.provider.contact,
                phone: phones.leaders(dispatch.provider.contact.phone),
              },
            },
          },
        }
      : {}),
  };
}

/** A message a request caused: to whom and when; its text only for those who serve the place. */
function messageView(message: MessageRecord, request: ServiceRequest, access: Access) {
  const phones = phoneRule(access, request);
  const { to } = message;
  return {
    key: message.key,
    to:
      to.kind !== 'phone'
        ? 'supervisors'
        : to.phone === request.residentPhone
          ? phones.household(to.phone)
          : phones.leaders(to.phone),
    status: message.status,
    queuedAt: message.queuedAt,
    ...(message.sentAt ? { sentAt: message.sentAt } : {}),
    ...(phones.servesPlace ? { text: message.text } : {}),
  };
}

/** A request with its timeline and messages, as the caller sees them. */
export function requestHistoryView(
  found: { request: ServiceRequest; timeline: TimelineEntry[]; messages: MessageRecord[] },
  access: Access,
) {
  return {
    request: requestView(found.request, access),
    timeline: found.timeline,
    messages: found.messages.map((message) => messageView(message, found.request, access)),
  };
}
