import { createHash } from 'node:crypto';
import { LEVELS } from '../../config/vocabulary.js';
import {
  assertOwnHouseholdForResidents,
  FULL_CONTACT_ROLES,
  reaches,
  type Access,
} from '../../domain/access.js';
import { contentDigest, replayIfSame } from '../../domain/idempotency.js';
import {
  checkExpiry,
  isExpired,
  mayPostAt,
  senderRoleAt,
  unreadDeadlines,
  type Notice,
  type NoticeReader,
} from '../../domain/notice.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type {
  householdNotices as householdNoticesSchema,
  listNoticesQuery,
  noticeDetail,
  noticeListing,
  noticeRead,
  notice as noticeSchema,
  postNoticeBody,
} from '../../http/contract/notices.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getAnyNode, getHousehold, getPerson } from '../../store/hierarchy-store.js';
import {
  confirmRead,
  createNotice,
  getNotice,
  getReader,
  noticesAt,
  noticesOf,
  readersOf,
  type StoredNotice,
} from '../../store/notice-store.js';
import type * as z from '../../zod.js';

type NoticeBody = z.infer<typeof postNoticeBody>;
type NoticeView = z.infer<typeof noticeSchema>;
type ReaderView = Pick<NoticeReader, 'personId' | 'name' | 'readAt' | 'remindedAt'>;

/** The sender's key is theirs: the same key for another notice is a 409 carrying the first. */
export const noticeIdFor = (personId: string, idempotencyKey: string) =>
  `NT${createHash('sha256').update(`${personId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;

/** What everyone who may read a notice sees of it. */
function noticeText(notice: Notice) {
  return {
    id: notice.id,
    place: notice.place,
    placeLevel: notice.placeLevel,
    placeName: notice.placeName,
    title: notice.title,
    body: notice.body,
    urgent: notice.urgent,
    ...(notice.expiresAt ? { expiresAt: notice.expiresAt } : {}),
    senderId: notice.senderId,
    senderName: notice.senderName,
    createdAt: notice.createdAt,
  };
}

/** A notice with how far it has been read: for its sender and those who may post at its place. */
function noticeView(notice: Notice): NoticeView {
  return {
    ...noticeText(notice),
    recipientCount: notice.recipientCount,
    readCount: notice.readCount,
    ...(notice.reportedAt ? { reportedAt: notice.reportedAt } : {}),
  };
}

const readerView = ({ personId, name, readAt, remindedAt }: NoticeReader): ReaderView => ({
  personId,
  name,
  ...(readAt ? { readAt } : {}),
  ...(remindedAt ? { remindedAt } : {}),
});

/** The node a notice was posted to, as the posting rules see it (its own id among its ancestors). */
const placeOfNotice = (notice: Notice) => ({ id: notice.place, ancestors: notice.placeAncestors });

/** Those who see who has read a notice: its sender, and whoever may post at its place. */
const seesReaders = (access: Access, notice: Notice) =>
  notice.senderId === access.personId || mayPostAt(access, placeOfNotice(notice));

async function placeNode(deps: Dependencies, id: string) {
  const node = await getAnyNode(deps.table, id);
  if (!node) throw new NotFoundError(`No place ${id}.`, [{ field: 'place', message: 'unknown' }]);
  if (node.type === 'household') {
    throw new ValidationError('A notice goes to a street, community, grid, building or unit.', [
      { field: 'place', message: 'is a household' },
    ]);
  }
  return node;
}

/**
 * Posts a notice: the notice item only (its id derives from the sender and the Idempotency-Key,
 * so it is its own idempotency record); the table's stream fans it out to the leaders
 * (fan-out.ts). A place outside the caller's reach is a 403 and writes nothing.
 */
export async function postNotice(
  deps: Dependencies,
  access: Access,
  body: NoticeBody,
  idempotencyKey: string,
): Promise<{ created: boolean; notice: NoticeView }> {
  const now = deps.clock.now();
  checkExpiry(body.expiresAt, now);
  const id = noticeIdFor(access.personId, idempotencyKey);
  const digest = contentDigest(body);
  const earlier = await getNotice(deps.table, id);
  const replayed = (stored: StoredNotice) => ({
    created: false,
    notice: replayIfSame({
      stored: noticeView(stored),
      storedDigest: stored.requestDigest,
      digest,
      field: 'Idempotency-Key',
      detail: `This Idempotency-Key was already used for notice ${stored.id}`,
    }),
  });
  if (earlier) return replayed(earlier);
  const node = await placeNode(deps, body.place);
  const senderRole = senderRoleAt(access, node);
  const senderName = access.name ?? (await getPerson(deps.table, access.personId))?.name ?? access.personId;
  const createdAt = now.toISOString();
  const notice: StoredNotice = {
    id,
    place: node.id,
    placeLevel: node.type,
    placeName: node.name,
    placeAncestors: { ...node.ancestors, [node.type]: node.id },
    title: body.title,
    body: body.body,
    urgent: body.urgent,
    ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt).toISOString() } : {}),
    senderId: access.personId,
    senderName,
    senderRole,
    createdAt,
    recipientCount: 0,
    readCount: 0,
    requestDigest: digest,
  };
  const dueAt = notice.urgent ? unreadDeadlines(createdAt, deps.config.notices).remindAt : undefined;
  const outcome = await createNotice(deps.table, notice, dueAt);
  return outcome.created ? { created: true, notice: noticeView(notice) } : replayed(outcome.stored);
}

/** By place (those who may post there, with read counts) or the caller's own as a reader. */
export async function listNotices(
  deps: Dependencies,
  access: Access,
  query: z.infer<typeof listNoticesQuery>,
): Promise<z.infer<typeof noticeListing>> {
  const page = { limit: query.limit, cursor: query.cursor };
  if ((query.place === undefined) === (query.mine === undefined)) {
    throw new ValidationError('Give either `place` or `mine=true`.', [
      { field: 'place', message: 'give place or mine, not both or neither' },
    ]);
  }
  if (query.mine) {
    const received = await noticesOf(deps.table, access.personId, page);
    return {
      ...received,
      items: received.items.map(({ notice, reader }) => ({
        ...noticeText(notice),
        ...(reader.readAt ? { readAt: reader.readAt } : {}),
      })),
    };
  }
  const node = await placeNode(deps, query.place ?? '');
  if (!mayPostAt(access, node)) {
    throw new ForbiddenError('The notices of a place are listed for those who may post there.', [
      { field: 'place', message: 'not a place you serve' },
    ]);
  }
  const posted = await noticesAt(deps.table, node.id, page);
  return { ...posted, items: posted.items.map(noticeView) };
}

/** Whether a resident's household lies under the notice's place. */
async function isResidentUnder(deps: Dependencies, access: Access, notice: Notice): Promise<boolean> {
  const householdIds = access.grants.filter((grant) => grant.role === 'resident').map((grant) => grant.scope);
  for (const householdId of householdIds) {
    const household = await getHousehold(deps.table, householdId);
    if (household && Object.values(household.ancestors).includes(notice.place)) return true;
  }
  return false;
}

/**
 * A notice, for its readers, those who serve its place (at it or above) and the residents under
 * it; the sender and those who may post at its place also see who has read it.
 */
export async function readNotice(
  deps: Dependencies,
  access: Access,
  id: string,
): Promise<z.infer<typeof noticeDetail>> {
  const notice = await getNotice(deps.table, id);
  if (!notice) throw new NotFoundError(`No notice ${id}.`);
  const reader = await getReader(deps.table, id, access.personId);
  const servesPlace = reaches(access, { ancestors: notice.placeAncestors }, FULL_CONTACT_ROLES);
  if (
    !reader &&
    !servesPlace &&
    !seesReaders(access, notice) &&
    !(await isResidentUnder(deps, access, notice))
  ) {
    throw new ForbiddenError('This notice is for the places you serve or live in only.');
  }
  const own = reader?.readAt ? { readAt: reader.readAt } : {};
  if (!seesReaders(access, notice)) return { ...noticeText(notice), ...own };
  const readers = (await readersOf(deps.table, id)).map(readerView);
  return {
    ...noticeView(notice),
    ...own,
    readers: {
      read: readers.filter((one) => one.readAt),
      unread: readers.filter((one) => !one.readAt),
    },
  };
}

/** A reader confirms a notice (已读); again, it answers the first time and counts nothing. */
export async function markRead(
  deps: Dependencies,
  access: Access,
  id: string,
): Promise<z.infer<typeof noticeRead>> {
  if (!(await getNotice(deps.table, id))) throw new NotFoundError(`No notice ${id}.`);
  const outcome = await confirmRead(deps.table, id, access.personId, deps.clock.now().toISOString());
  if (outcome.outcome === 'not-reader') {
    throw new ForbiddenError('Only the leaders a notice went to confirm reading it.');
  }
  return { id, readAt: outcome.readAt };
}

const HOUSEHOLD_NOTICES = 50;

/**
 * The current notices posted to a household's places (street to unit), newest first: for its
 * residents and those who serve it. One Query per level, at most 50 notices.
 */
export async function householdNotices(
  deps: Dependencies,
  access: Access,
  householdId: string,
): Promise<z.infer<typeof householdNoticesSchema>> {
  assertOwnHouseholdForResidents(access, householdId);
  const household = await getHousehold(deps.table, householdId);
  if (!household) throw new NotFoundError(`No household ${householdId}.`);
  const livesThere = access.grants.some((grant) => grant.role === 'resident' && grant.scope === householdId);
  if (!livesThere && !reaches(access, household, FULL_CONTACT_ROLES)) {
    throw new ForbiddenError('The notices of a household are for its residents and those who serve it.');
  }
  const now = deps.clock.now();
  const pages = await Promise.all(
    LEVELS.map((level) => noticesAt(deps.table, household.ancestors[level], { limit: HOUSEHOLD_NOTICES })),
  );
  const items = pages
    .flatMap((page) => page.items)
    .filter((notice) => !isExpired(notice, now))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, HOUSEHOLD_NOTICES)
    .map(noticeText);
  return { householdId, items };
}
