import type { NotificationArchive } from '../../adapters/notification-archive.js';
import type { NotificationEvent } from '../../domain/notification.js';

/** The archive bucket's prefix for notifications (the archive consumer may write under it only). */
export const ARCHIVE_PREFIX = 'notifications/';

/** Where a notification is archived: one object per message key. */
export const archiveKey = (event: Pick<NotificationEvent, 'key'>) => `${ARCHIVE_PREFIX}${event.key}.json`;

/**
 * Archives one published notification (the event, and when the topic delivered it) as its own
 * object. A redelivered or republished event finds its object there and leaves it as it is.
 */
export async function archiveNotification(
  archive: NotificationArchive | undefined,
  event: NotificationEvent,
  publishedAt: string,
): Promise<'archived' | 'already archived'> {
  if (!archive) throw new Error('this function has no notifications archive (ARCHIVE_BUCKET_NAME)');
  const stored = await archive.putOnce(archiveKey(event), JSON.stringify({ ...event, publishedAt }));
  return stored ? 'archived' : 'already archived';
}
