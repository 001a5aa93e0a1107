import { NOTICE_LIMITS } from '../../domain/notice.js';
import * as z from '../../zod.js';
import { idField, text } from '../schemas.js';
import { component, instant, level, page } from './common.js';

// ---- What the handlers validate ----

/** POST /notices (with a required Idempotency-Key). */
export const postNoticeBody = z.strictObject({
  place: idField,
  title: text(NOTICE_LIMITS.titleLength),
  body: text(NOTICE_LIMITS.bodyLength),
  urgent: z._default(z.boolean(), false),
  expiresAt: z.optional(z.iso.datetime({ offset: true })),
});

const limit = z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20);

/** GET /notices: `place` (the notices posted at that node) or `mine=true` (the caller's, as a reader). */
export const listNoticesQuery = z.strictObject({
  place: z.optional(idField),
  mine: z.optional(z.enum(['true'])),
  limit,
  cursor: z.optional(z.string()),
});

// ---- What they answer ----

const noticeFields = {
  id: z.string(),
  /** The node it was posted to, its level and name. */
  place: z.string(),
  placeLevel: level,
  placeName: z.string(),
  title: z.string(),
  body: z.string(),
  urgent: z.boolean(),
  expiresAt: z.optional(instant),
  senderId: z.string(),
  senderName: z.string(),
  createdAt: instant,
};

/** What those who may post at its place see of a notice besides its text: how far it has been read. */
const readCounts = {
  /** The leaders it went to (one per person); 0 until the fan-out has run. */
  recipientCount: z.number(),
  readCount: z.number(),
  /** When the sender of an urgent notice was told who had not read it. */
  reportedAt: z.optional(instant),
};

/** A notice with its read counts (GET /notices?place=, POST /notices). */
export const notice = component(z.object({ ...noticeFields, ...readCounts }), 'Notice');

const reader = z.object({
  personId: z.string(),
  name: z.string(),
  readAt: z.optional(instant),
  remindedAt: z.optional(instant),
});

/**
 * GET /notices/{id}: the notice; `readAt` when the caller is one of its readers; the counts and
 * `readers` (read and not) for its sender and those who may post at its place.
 */
export const noticeDetail = component(
  z.object({
    ...noticeFields,
    readAt: z.optional(instant),
    recipientCount: z.optional(z.number()),
    readCount: z.optional(z.number()),
    reportedAt: z.optional(instant),
    readers: z.optional(z.object({ read: z.array(reader), unread: z.array(reader) })),
  }),
  'NoticeDetail',
);

/** POST /notices/{id}/read: when the caller confirmed reading (the first time; a repeat answers the same). */
export const noticeRead = component(z.object({ id: z.string(), readAt: instant }), 'NoticeRead');

/**
 * One notice of a listing: by place with the read counts (`recipientCount`, `readCount`), mine with
 * `readAt` once the caller confirmed reading it.
 */
export const listedNotice = component(
  z.object({
    ...noticeFields,
    recipientCount: z.optional(z.number()),
    readCount: z.optional(z.number()),
    reportedAt: z.optional(instant),
    readAt: z.optional(instant),
  }),
  'ListedNotice',
);

export const noticeListing = component(page(listedNotice), 'NoticePage');

/** GET /households/{id}/notices: the current notices (not expired) to the household's places, newest first. */
export const householdNotices = component(
  z.object({ householdId: z.string(), items: z.array(z.object(noticeFields)) }),
  'HouseholdNotices',
);
