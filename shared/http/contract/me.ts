import { CHANNELS, NOTICE_CHOICES, NOTIFICATION_KINDS } from '../../domain/notification.js';
import * as z from '../../zod.js';
import { pageQuery } from '../schemas.js';
import { component, instant } from './common.js';

// ---- What the handlers validate ----

/** PUT /me/preferences: the whole choice (both fields); a channel named twice counts once. */
export const preferencesBody = z.strictObject({
  channels: z.array(z.enum(CHANNELS)).check(z.maxLength(CHANNELS.length)),
  notices: z.enum(NOTICE_CHOICES),
});

/** GET /me/inbox: one page, newest first. */
export const inboxQuery = pageQuery;

/** POST /me/inbox/read: everything that arrived up to `until` is read (a later time than now counts as now). */
export const markReadBody = z.strictObject({ until: z.iso.datetime({ offset: true }) });

// ---- What they answer ----

/** GET and PUT /me/preferences: the caller's choice, what they may choose, and what they cannot mute. */
export const myPreferences = component(
  z.object({
    channels: z.array(z.enum(CHANNELS)),
    notices: z.enum(NOTICE_CHOICES),
    /** Whether this is the district's default (the caller never chose). */
    isDefault: z.boolean(),
    /** What this caller may choose: the notices opt-out is for those who hold work (leaders, staff). */
    choices: z.object({
      channels: z.array(z.enum(CHANNELS)),
      notices: z.array(z.enum(NOTICE_CHOICES)),
    }),
    /** Kinds that always go by SMS and the app, whatever the choice. */
    mandatoryKinds: z.array(z.enum(NOTIFICATION_KINDS)),
    updatedAt: z.optional(instant),
  }),
  'MyPreferences',
  'A person’s notification choices, within the rules: mandatory kinds ignore them, and the app always has every notification.',
);

/** One notification in the caller's app inbox. */
export const inboxItem = component(
  z.object({
    key: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    text: z.string(),
    urgent: z.boolean(),
    /** When the notification was raised (its message's queued time). */
    at: instant,
    read: z.boolean(),
    requestId: z.optional(z.string()),
    noticeId: z.optional(z.string()),
  }),
  'InboxItem',
);

/** GET /me/inbox: one page of the caller's app notifications, newest first, and how many are unread. */
export const inbox = component(
  z.object({
    items: z.array(inboxItem),
    nextCursor: z.optional(z.string()),
    unread: z.number().check(z.int()),
    readUntil: z.optional(instant),
  }),
  'Inbox',
);

/** POST /me/inbox/read: where the caller's read mark now is, and what is still unread. */
export const inboxRead = component(
  z.object({ readUntil: instant, unread: z.number().check(z.int()) }),
  'InboxRead',
);
