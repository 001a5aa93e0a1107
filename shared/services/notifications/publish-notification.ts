import type { NotificationTopic } from '../../adapters/notification-topic.js';
import type { DistrictConfig } from '../../config/district-config.js';
import type { Clock } from '../../domain/clock.js';
import {
  channelsFor,
  DEFAULT_PREFERENCES,
  type NotificationEvent,
  type NotificationPreferences,
} from '../../domain/notification.js';
import { markMessagePublished, messagePublishedAt, type MessageKey } from '../../store/outbox-store.js';
import type { OutgoingMessage } from '../../domain/sms.js';
import { getPreferences } from '../../store/preference-store.js';
import type { DistrictTable } from '../../store/table.js';

/** What the publisher reads of a new message item, from the stream's image (the outbox's shape, docs/notifications.md). */
export type StoredMessageFacts = MessageKey &
  Pick<OutgoingMessage, 'kind' | 'urgent' | 'recipientRole' | 'to'> &
  Partial<Pick<OutgoingMessage, 'place'>>;

/** A person's notification preferences, read once per invocation however many messages are for them. */
export type PreferencesOf = (personId: string) => Promise<NotificationPreferences>;

export function cachedPreferences(table: DistrictTable): PreferencesOf {
  const cache = new Map<string, Promise<NotificationPreferences>>();
  return (personId) => {
    let preferences = cache.get(personId);
    if (!preferences) {
      preferences = getPreferences(table, personId);
      cache.set(personId, preferences);
    }
    return preferences;
  };
}

/** The message's key, out of its sort key `MSG#<key>`. */
const messageKey = (sk: string) => sk.slice('MSG#'.length);

export interface PublishDependencies {
  config: DistrictConfig;
  clock: Clock;
  table: DistrictTable;
  notificationTopic?: NotificationTopic;
}

/**
 * Publishes one stored message to the notifications topic, once: a message already marked
 * `publishedAt` (a replayed stream record) is skipped. Marked after publishing, so a publisher that
 * dies in between publishes again; the channels are idempotent by the message key (send-sms claims
 * the message, the inbox and the archive are keyed by it).
 */
export async function publishNotification(
  deps: PublishDependencies,
  message: StoredMessageFacts,
  preferencesOf: PreferencesOf,
): Promise<'published' | 'skipped'> {
  const topic = deps.notificationTopic;
  if (!topic) throw new Error('this function has no notifications topic (NOTIFICATIONS_TOPIC_ARN)');
  const stored = { PK: message.PK, SK: message.SK };
  if ((await messagePublishedAt(deps.table, stored)) !== undefined) return 'skipped';
  const preferences =
    message.to.kind === 'phone' ? await preferencesOf(message.to.personId) : DEFAULT_PREFERENCES;
  const event: NotificationEvent = {
    message: stored,
    key: messageKey(message.SK),
    kind: message.kind,
    urgent: message.urgent,
    district: deps.config.district.id,
    place: message.place ?? {},
    recipientRole: message.recipientRole,
    ...(message.to.kind === 'phone' ? { personId: message.to.personId } : {}),
    channels: channelsFor(message, preferences),
  };
  await topic.publish(event);
  await markMessagePublished(deps.table, stored, deps.clock.now().toISOString());
  return 'published';
}
