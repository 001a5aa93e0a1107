import * as z from '../zod.js';
import { CHANNELS, NOTIFICATION_KINDS, RECIPIENT_ROLES, type NotificationEvent } from './notification.js';
import { LEVELS } from '../config/vocabulary.js';

/**
 * A NotificationEvent as a channel's queue receives it (the topic's raw message body, JSON): what
 * a consumer checks before it acts, so a body that is not one fails that record alone.
 */
export const notificationEvent: z.ZodMiniType<NotificationEvent> = z.object({
  message: z.object({ PK: z.string().check(z.minLength(1)), SK: z.string().check(z.startsWith('MSG#')) }),
  key: z.string().check(z.minLength(1)),
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
  personId: z.optional(z.string().check(z.minLength(1))),
  channels: z.array(z.enum(CHANNELS)),
});
