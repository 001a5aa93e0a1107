import type { Level } from '../config/vocabulary.js';
import type { SmsTemplateName } from '../config/vocabulary.js';

/**
 * What a notification is about. Each is one event on the district's notifications topic; the
 * topic's subscriptions (filter policies on its attributes) decide which channels carry it.
 */
export const NOTIFICATION_KINDS = [
  'assignment',
  'escalation',
  'reminder',
  'overdue',
  'triage',
  'dispatch',
  'request-update',
  'notice',
  'notice-reminder',
  'notice-report',
  'settlement',
  'digest',
  'sign-in',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The kind of every SMS template: a new template without a kind does not compile. Sign-in codes
 * have a kind but never reach the topic (a code is a secret: docs/notifications.md).
 */
export const TEMPLATE_KINDS: Record<SmsTemplateName, NotificationKind> = {
  assigned: 'assignment',
  assignedUrgent: 'assignment',
  escalatedTimeout: 'escalation',
  escalatedTimeoutUrgent: 'escalation',
  escalatedUnresolved: 'escalation',
  escalatedUnresolvedUrgent: 'escalation',
  reopened: 'request-update',
  resolved: 'request-update',
  overdue: 'overdue',
  triage: 'triage',
  triageUrgent: 'triage',
  triageOverdue: 'overdue',
  dispatched: 'dispatch',
  dispatchedUrgent: 'dispatch',
  dispatchCompleted: 'request-update',
  dispatchOverdue: 'overdue',
  statement: 'settlement',
  statementBonus: 'settlement',
  signInCode: 'sign-in',
  digest: 'digest',
  reminder: 'reminder',
  reminderUrgent: 'reminder',
  notice: 'notice',
  noticeUrgent: 'notice',
  noticeReminder: 'notice-reminder',
  noticeReport: 'notice-report',
  assignedLink: 'assignment',
  assignedUrgentLink: 'assignment',
  escalatedTimeoutLink: 'escalation',
  escalatedTimeoutUrgentLink: 'escalation',
  escalatedUnresolvedLink: 'escalation',
  escalatedUnresolvedUrgentLink: 'escalation',
  reminderLink: 'reminder',
  reminderUrgentLink: 'reminder',
};

/**
 * Kinds about work the person holds or must act on: nobody can mute them, and they always go by
 * SMS (a leader who chose the app still gets an assignment by SMS: the app may be closed).
 */
export const MANDATORY_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'assignment',
  'escalation',
  'reminder',
  'overdue',
  'triage',
  'dispatch',
  'notice-report',
  'sign-in',
]);

/** `email` is for staff, where the district sends e-mail (notification-preferences.ts says who may choose it). */
export const CHANNELS = ['sms', 'push', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who a notification is for, as the topic's `recipientRole` attribute. */
export const RECIPIENT_ROLES = ['leader', 'staff', 'provider', 'resident', 'supervisors'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** `work-only`: no notices (通知公告) by SMS unless urgent; `all`: notices follow the channels. */
export const NOTICE_CHOICES = ['all', 'work-only'] as const;
export type NoticeChoice = (typeof NOTICE_CHOICES)[number];

/** A person's choices, within the rules (MANDATORY_KINDS ignore them). */
export interface NotificationPreferences {
  /**
   * Channels for the kinds that follow preferences (and `email` for every kind but a digest); an
   * empty choice means the app only.
   */
  channels: Channel[];
  /** `work-only`: no notices (通知公告) by SMS unless urgent; they still appear on the page. */
  notices: NoticeChoice;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { channels: ['sms', 'push'], notices: 'all' };

/**
 * The channels one notification goes to for one person: mandatory kinds by SMS and the app (and
 * e-mail if chosen: an e-mail never stands in for the SMS, it may sit unread); others by the
 * person's channels (the app at least, so nothing is lost); a non-urgent notice to a person who
 * chose `work-only` by the app alone. The supervisors have no app: SMS. A digest is SMS only: it
 * stands for messages the app and the e-mail already had.
 */
export function channelsFor(
  notification: { kind: NotificationKind; urgent: boolean; recipientRole: RecipientRole },
  preferences: NotificationPreferences = DEFAULT_PREFERENCES,
): Channel[] {
  if (notification.recipientRole === 'supervisors') return ['sms'];
  if (notification.kind === 'digest') return ['sms'];
  const mutedNotice =
    notification.kind === 'notice' && !notification.urgent && preferences.notices === 'work-only';
  const chosen: readonly Channel[] = mutedNotice ? [] : preferences.channels;
  const always: readonly Channel[] = MANDATORY_KINDS.has(notification.kind) ? ['sms', 'push'] : ['push'];
  return CHANNELS.filter((channel) => always.includes(channel) || chosen.includes(channel));
}

/** Where a notification is about, as far as it is known: the topic's place attributes. */
export interface NotificationPlace {
  community?: string;
  grid?: string;
  building?: string;
  level?: Level;
}

/**
 * The event published once per stored message (the notifications topic's message body, JSON):
 * enough for a channel to find the stored message and for a filter policy to route it.
 */
export interface NotificationEvent {
  /** The stored message: its table key. */
  message: { PK: string; SK: string };
  key: string;
  kind: NotificationKind;
  urgent: boolean;
  district: string;
  place: NotificationPlace;
  recipientRole: RecipientRole;
  /** The person it is for; absent for the supervisors. */
  personId?: string;
  channels: Channel[];
}

/** An SNS message attribute: a string, or a string array (JSON text), as filter policies match them. */
export type EventAttribute =
  { DataType: 'String'; StringValue: string } | { DataType: 'String.Array'; StringValue: string };

/**
 * The message attributes the topic's filter policies match (at most 10, SNS's limit; an unknown
 * place is left out, never sent empty).
 */
export function eventAttributes(event: NotificationEvent): Record<string, EventAttribute> {
  const text = (value: string): EventAttribute => ({ DataType: 'String', StringValue: value });
  const place = Object.entries(event.place).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return {
    kind: text(event.kind),
    urgency: text(event.urgent ? 'urgent' : 'normal'),
    district: text(event.district),
    recipientRole: text(event.recipientRole),
    channel: { DataType: 'String.Array', StringValue: JSON.stringify(event.channels) },
    ...Object.fromEntries(place.map(([name, value]) => [name, text(value)])),
  };
}
