import { DISTRICT_SCOPE, type Access, type Role } from '../../domain/access.js';
import type { MessageStatus } from '../../domain/sms.js';
import { zonedParts } from '../../domain/time-zone.js';
import { ForbiddenError } from '../../errors.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getNode } from '../../store/hierarchy-store.js';
import { messagesOfDay, type StoredMessage } from '../../store/outbox-store.js';
import { communitiesUnder } from '../stats/request-stats.js';

/** The SMS view is the offices': community and street staff over their communities, admins over all. */
const OUTBOX_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

export interface MessagesQuery {
  day?: string | undefined;
  status?: MessageStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The communities the caller serves as staff; `all` for a district admin (or a grant over the district). */
async function servedCommunities(deps: Dependencies, access: Access): Promise<Set<string> | 'all'> {
  const scopes = [
    ...new Set(
      access.grants.filter((grant) => OUTBOX_ROLES.includes(grant.role)).map((grant) => grant.scope),
    ),
  ];
  if (scopes.length === 0)
    throw new ForbiddenError('The SMS view is for community, street and district staff.');
  if (access.grants.some((grant) => grant.role === 'district_admin') || scopes.includes(DISTRICT_SCOPE)) {
    return 'all';
  }
  const served = await mapLimited(scopes, 8, async (scope) => {
    const node = await getNode(deps.table, scope);
    if (node?.type === 'street') return communitiesUnder(deps, node.id);
    return node?.type === 'community' ? [node.id] : [];
  });
  return new Set(served.flat());
}

/**
 * A message as the console shows it. The caller serves its community as staff (or is an admin), so
 * by the phone rule (docs/api.md) they see the number in full, and the text.
 */
function messageView(message: StoredMessage) {
  const { to } = message;
  return {
    key: message.key,
    kind: message.kind,
    recipientRole: message.recipientRole,
    to: to.kind === 'phone' ? to.phone : 'supervisors',
    ...(to.kind === 'phone' ? { personId: to.personId } : {}),
    urgent: message.urgent,
    status: message.status,
    place: message.place,
    ...(message.requestId ? { requestId: message.requestId } : {}),
    ...(message.noticeId ? { noticeId: message.noticeId } : {}),
    text: message.text,
    queuedAt: message.queuedAt,
    dueAt: message.dueAt,
    ...(message.heldUntil ? { heldUntil: message.heldUntil } : {}),
    ...(message.sentAt ? { sentAt: message.sentAt } : {}),
    attempts: message.attempts,
    ...(message.lastError ? { lastError: message.lastError } : {}),
    ...(message.mergedInto ? { mergedInto: message.mergedInto } : {}),
  };
}

/**
 * GET /messages: the SMS queued on a day (district time, default today), oldest first. A page
 * holds the caller's communities' messages of at most `limit` read, so it may hold fewer (and
 * still have a next cursor), as the board's filters do.
 */
export async function listMessages(deps: Dependencies, access: Access, query: MessagesQuery) {
  const served = await servedCommunities(deps, access);
  const day = query.day ?? zonedParts(deps.clock.now(), deps.config.district.timeZone).isoDate;
  const page = await messagesOfDay(deps.table, { ...query, day });
  const visible = page.items.filter(
    (message) =>
      served === 'all' || (message.place.community !== undefined && served.has(message.place.community)),
  );
  return {
    day,
    items: visible.map(messageView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
