import type { NotificationPlace } from './notification.js';
import { renderSms } from './sms-templates.js';
import type { OutgoingMessage } from './sms.js';

/** What the digest needs of a held message. */
export type Digestible = Pick<OutgoingMessage, 'to' | 'recipientRole' | 'place'> & {
  requestId?: string;
  noticeId?: string;
};

/**
 * Whether a held message may go into its person's digest: one to a person who works in the
 * district (a leader, staff, a provider; a resident's messages are each about their own request),
 * about a request or a notice (a statement is its own news).
 */
function digestible(message: Digestible): boolean {
  return (
    message.to.kind === 'phone' &&
    message.recipientRole !== 'resident' &&
    (message.requestId !== undefined || message.noticeId !== undefined)
  );
}

/** The held messages that become one digest each, by person: those of a person with two or more. */
export function digestGroups<T extends Digestible>(held: readonly T[]): Map<string, T[]> {
  const byPerson = Map.groupBy(held.filter(digestible), (message) =>
    message.to.kind === 'phone' ? message.to.personId : '',
  );
  return new Map([...byPerson].filter(([, messages]) => messages.length >= 2));
}

/** The place they share, as far as they share it: the community, or nothing. */
function sharedPlace(messages: readonly Digestible[]): NotificationPlace {
  const communities = new Set(messages.map((message) => message.place.community));
  const [community] = communities;
  return communities.size === 1 && community !== undefined ? { community } : {};
}

/**
 * One person's digest of a day (`digest:<day>:<personId>`): how many requests and notices their
 * held messages were about, in one SMS within 70 characters. Not urgent: it goes when quiet hours end.
 */
export function digestMessage(signature: string, day: string, held: readonly Digestible[]): OutgoingMessage {
  const [first] = held;
  if (first?.to.kind !== 'phone') throw new Error('a digest is of messages to a person');
  const count = (ids: (string | undefined)[]) => String(new Set(ids.filter((id) => id !== undefined)).size);
  const sms = renderSms(signature, 'digest', [
    count(held.map((message) => message.requestId)),
    count(held.map((message) => message.noticeId)),
  ]);
  return {
    key: `digest:${day}:${first.to.personId}`,
    to: first.to,
    ...sms,
    urgent: false,
    kind: 'digest',
    recipientRole: first.recipientRole,
    place: sharedPlace(held),
  };
}
