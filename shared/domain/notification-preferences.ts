import { UnprocessableError } from '../errors.js';
import type { Role } from './access.js';
import {
  CHANNELS,
  DEFAULT_PREFERENCES,
  MANDATORY_KINDS,
  NOTICE_CHOICES,
  NOTIFICATION_KINDS,
  type Channel,
  type NoticeChoice,
  type NotificationKind,
  type NotificationPreferences,
} from './notification.js';

/** What a person may choose: the channels, and whether notices may be limited to the app. */
export interface PreferenceChoices {
  channels: readonly Channel[];
  notices: readonly NoticeChoice[];
}

/**
 * What a person may choose, by the roles they hold. Everyone chooses SMS and the app. The notices
 * opt-out is for those who hold work (leaders, staff: notices reach them by SMS): a resident reads
 * notices on the household's page and never gets one by SMS, so there is nothing to opt out of.
 * Staff e-mail is not built yet (docs/notifications.md): no role has a third channel.
 */
export function preferenceChoices(roles: readonly Role[]): PreferenceChoices {
  const holdsWork = roles.some((role) => role !== 'resident');
  return { channels: CHANNELS, notices: holdsWork ? NOTICE_CHOICES : ['all'] };
}

/** A choice in its one stored form: each channel once, in CHANNELS order. */
export function normalisePreferences(preferences: NotificationPreferences): NotificationPreferences {
  return {
    channels: CHANNELS.filter((channel) => preferences.channels.includes(channel)),
    notices: preferences.notices,
  };
}

/** The choice, normalised, if the person may make it; a 422 naming the field otherwise. */
export function checkedPreferences(
  preferences: NotificationPreferences,
  choices: PreferenceChoices,
): NotificationPreferences {
  const refused = preferences.channels.filter((channel) => !choices.channels.includes(channel));
  if (refused.length > 0) {
    throw new UnprocessableError(`You cannot choose ${refused.join(', ')}.`, [
      { field: 'channels', message: `not yours to choose: ${refused.join(', ')}` },
    ]);
  }
  if (!choices.notices.includes(preferences.notices)) {
    throw new UnprocessableError(
      'Residents get notices on their household’s page, never by SMS: there is nothing to opt out of.',
      [{ field: 'notices', message: `one of ${choices.notices.join(', ')}` }],
    );
  }
  return normalisePreferences(preferences);
}

/** A stored choice, or the default when there is none or it no longer fits the rules (an old value). */
export function storedPreferences(stored: unknown): NotificationPreferences {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_PREFERENCES;
  const { channels, notices } = stored as Record<string, unknown>;
  if (!Array.isArray(channels) || !NOTICE_CHOICES.includes(notices as NoticeChoice))
    return DEFAULT_PREFERENCES;
  return normalisePreferences({ channels: channels as Channel[], notices: notices as NoticeChoice });
}

/** The kinds no choice mutes, in NOTIFICATION_KINDS order (what the page says is always sent). */
export const mandatoryKinds = (): NotificationKind[] =>
  NOTIFICATION_KINDS.filter((kind) => MANDATORY_KINDS.has(kind));
