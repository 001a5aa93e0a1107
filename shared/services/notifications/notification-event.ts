import { LEVELS } from '../../config/vocabulary.js';
import {
  CHANNELS,
  NOTIFICATION_KINDS,
  RECIPIENT_ROLES,
  type NotificationEvent,
} from '../../domain/notification.js';
import { parseWith } from '../../http/parse.js';
import { z } from '../../zod.js';

/** A NotificationEvent as the topic delivers it (raw message delivery: the body is its JSON). */
const notificationEvent = z.object({
  message: z.object({ PK: z.string().check(z.minLength(1)), SK: z.string().check(z.startsWith('MSG#')) }),
  key: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  urgent: z.boolean(),
  district: z.string(),
  place: z.object({
    community: z.optional(z.string()),
    grid: z.optional(z.string()),
    building: z.optional(z.string()),
    level: z.optional(z.enum(LEVELS)),
  }),
  recipientRole: z.enum(RECIPIENT_ROLES),
  personId: z.optional(z.string()),
  channels: z.array(z.enum(CHANNELS)),
}) satisfies z.ZodMiniType<NotificationEvent>;

/** The event of a queue message's body: JSON, then the schema (a problem naming the field otherwise). */
export function parseNotificationEvent(body: string): NotificationEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return parseWith(notificationEvent, json, 'notification event');
}
