import { LEVELS } from '../../config/vocabulary.js';
import { NOTIFICATION_KINDS, RECIPIENT_ROLES } from '../../domain/notification.js';
import { MESSAGE_STATUSES } from '../../domain/sms.js';
import * as z from '../../zod.js';
import { component, instant, page } from './common.js';
import { ok, type RouteContract, type RouteKey } from './route-contract.js';
import { isoDate } from './stats.js';

// ---- What the handler validates ----

/** GET /messages: a day of the outbox (district time; default today), one status or all. */
export const listMessagesQuery = z.strictObject({
  day: z.optional(isoDate),
  status: z.optional(z.enum(MESSAGE_STATUSES)),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(z.string()),
});

// ---- What it answers ----

/** An SMS of the outbox as the console shows it: when it was queued, held until, sent; to whom (masked as the phone rule says). */
export const outboxMessage = component(
  z.object({
    key: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    recipientRole: z.enum(RECIPIENT_ROLES),
    to: z.string().check(z.describe('a phone (masked as docs/api.md says), or `supervisors`')),
    personId: z.optional(z.string()),
    urgent: z.boolean(),
    status: z.enum(MESSAGE_STATUSES),
    place: z.object({
      community: z.optional(z.string()),
      grid: z.optional(z.string()),
      building: z.optional(z.string()),
      level: z.optional(z.enum(LEVELS)),
    }),
    requestId: z.optional(z.string()),
    noticeId: z.optional(z.string()),
    text: z.string(),
    queuedAt: instant,
    dueAt: instant,
    heldUntil: z.optional(instant),
    sentAt: z.optional(instant),
    attempts: z.number(),
    lastError: z.optional(z.string()),
    mergedInto: z.optional(z.string()),
  }),
  'OutboxMessage',
);

/** GET /messages: one page of a day's messages, oldest first. */
export const messagePage = component(
  z.object({ day: z.string(), ...page(outboxMessage).shape }),
  'MessagePage',
);

/** The outbox: what the console's SMS view reads. */
export const MESSAGE_ROUTES = {
  'GET /messages': {
    summary: 'The SMS of a day: queued, held for quiet hours, sent',
    description:
      'The messages queued on `day` (district time, default today), oldest first, optionally of one ' +
      '`status`: each with its queued, due, held-until and sent times, kind and recipient. Community and ' +
      'street staff see those about the communities they serve, district admins all.',
    tag: 'notifications',
    security: 'bearer',
    query: listMessagesQuery,
    responses: { 200: ok("One page of the day's messages", messagePage) },
  },
} satisfies Partial<Record<RouteKey, RouteContract>>;
