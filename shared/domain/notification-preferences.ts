import { districtPartition } from '../config/partition.js';
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
  /** Why a channel that is not among `channels` is refused (the 422 says it), where there is more to say. */
  refusals: Partial<Record<Channel, string>>;
}

/** The roles that may choose e-mail: the staff of a community, of a street office and of the district. */
export const EMAIL_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

/** Whether the district sends e-mail, and why not (the 422 of a staff member who chooses it says it). */
export type DistrictEmail = { offered: true } | { offered: false; why: string };

/**
 * A district sends e-mail where its config names a sender (`email.from`) and Amazon SES exists:
 * not in the China regions, which have no SES (the config refuses `email` there). Their staff get
 * everything by SMS and in the app.
 */
export function districtEmail(config: {
  email?: { from: string } | undefined;
  deploy?: { region: string } | undefined;
}): DistrictEmail {
  if (districtPartition(config) === 'aws-cn') {
    return {
      offered: false,
      why: 'E-mail is not offered in this district: the China regions have no Amazon SES. Notifications come by SMS and in the app.',
    };
  }
  if (!config.email) {
    return {
      offered: false,
      why: 'This district sends no e-mail (its config names no sender). Notifications come by SMS and in the app.',
    };
  }
  return { offered: true };
}

/**
 * What a person may choose, by the roles they hold. Everyone chooses SMS and the app; staff also
 * e-mail, where the district sends it. The notices opt-out is for those who hold work (leaders,
 * staff: notices reach them by SMS): a resident reads notices on the household's page and never
 * gets one by SMS, so there is nothing to opt out of.
 */
export function preferenceChoices(roles: readonly Role[], email: DistrictEmail): PreferenceChoices {
  const holdsWork = roles.some((role) => role !== 'resident');
  const isStaff = roles.some((role) => EMAIL_ROLES.includes(role));
  const noEmail = !isStaff
    ? 'Only community, street and district staff may choose e-mail.'
    : email.offered
      ? undefined
      : email.why;
  return {
    channels: CHANNELS.filter((channel) => channel !== 'email' || noEmail === undefined),
    notices: holdsWork ? NOTICE_CHOICES : ['all'],
    refusals: noEmail ? { email: noEmail } : {},
  };
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
    const why = refused.map((channel) => choices.refusals[channel] ?? `You cannot choose ${channel}.`);
    throw new UnprocessableError(why.join(' '), [
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
  // A channel no longer offered is dropped; a choice with none left that had some is no choice at all.
  const known = channels.filter((channel): channel is Channel => CHANNELS.includes(channel as Channel));
  if (known.length === 0 && channels.length > 0) return DEFAULT_PREFERENCES;
  return normalisePreferences({ channels: known, notices: notices as NoticeChoice });
}

/** The kinds no choice mutes, in NOTIFICATION_KINDS order (what the page says is always sent). */
export const mandatoryKinds = (): NotificationKind[] =>
  NOTIFICATION_KINDS.filter((kind) => MANDATORY_KINDS.has(kind));
