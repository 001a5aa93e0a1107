import type { Access } from '../../domain/access.js';
import type { NotificationEvent } from '../../domain/notification.js';
import { getMessage } from '../../store/outbox-store.js';
import { parseWith } from '../../http/parse.js';
import { logger } from '../../logger.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import {
  countUnread,
  getReadUntil,
  listInbox,
  markReadUntil,
  putInboxEntry,
} from '../../store/inbox-store.js';
import * as z from '../../zod.js';

/** What the inbox takes of a stored message (shared/store/outbox-store.ts); the event carries the rest. */
const storedMessage = z.object({
  type: z.literal('message'),
  to: z.object({ personId: z.optional(z.string()) }),
  text: z.string(),
  queuedAt: z.string(),
  requestId: z.optional(z.string()),
  noticeId: z.optional(z.string()),
});

// The SMS text opens with the district's registered 【signature】: the app is the district's own page.
const SIGNATURE = /^【[^】]*】/;

/**
 * The app channel: puts the notification an event names in its person's inbox, once. Events for
 * the supervisors (no person, no app) and for no app are skipped; a redelivered event finds its
 * item there and writes nothing. A message that is not stored fails the record (it is retried,
 * then parked in the dead-letter queue, whose alarm says so), and so does one for another person.
 */
export async function deliverToInbox(
  deps: Dependencies,
  event: NotificationEvent,
): Promise<'delivered' | 'duplicate' | 'skipped'> {
  if (event.personId === undefined || !event.channels.includes('push')) {
    logger.info('inbox: not for the app', { key: event.key, recipientRole: event.recipientRole });
    return 'skipped';
  }
  const item = await getMessage(deps.table, event.message);
  if (!item) throw new Error(`The message ${event.message.PK} ${event.message.SK} is not stored.`);
  const message = parseWith(storedMessage, item, 'stored message');
  // The event and the message it names agree on whose it is: nobody's inbox gets another's message.
  if (message.to.personId !== event.personId) {
    throw new Error(`The message ${event.key} is not for the event's person.`);
  }
  const written = await putInboxEntry(deps.table, event.personId, {
    key: event.key,
    kind: event.kind,
    text: message.text.replace(SIGNATURE, ''),
    urgent: event.urgent,
    at: message.queuedAt,
    ...(message.requestId ? { requestId: message.requestId } : {}),
    ...(message.noticeId ? { noticeId: message.noticeId } : {}),
  });
  logger.info(written ? 'inbox: delivered' : 'inbox: already there', { key: event.key, kind: event.kind });
  return written ? 'delivered' : 'duplicate';
}

/** GET /me/inbox: one page of the caller's own notifications, newest first, each read or not, and the unread count. */
export async function readMyInbox(
  deps: Dependencies,
  access: Access,
  page: { limit: number; cursor?: string | undefined },
) {
  const [readUntil, listed] = await Promise.all([
    getReadUntil(deps.table, access.personId),
    listInbox(deps.table, access.personId, page),
  ]);
  const unread = await countUnread(deps.table, access.personId, readUntil);
  return {
    items: listed.items.map((entry) => ({
      ...entry,
      read: readUntil !== undefined && entry.at <= readUntil,
    })),
    ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}),
    unread,
    ...(readUntil ? { readUntil } : {}),
  };
}

/** POST /me/inbox/read: the caller's notifications up to `until` (at most now) are read; the mark never moves back. */
export async function markMyInboxRead(deps: Dependencies, access: Access, until: string) {
  const now = deps.clock.now();
  const mark = new Date(Math.min(new Date(until).getTime(), now.getTime())).toISOString();
  const readUntil = await markReadUntil(deps.table, access.personId, mark);
  return { readUntil, unread: await countUnread(deps.table, access.personId, readUntil) };
}
