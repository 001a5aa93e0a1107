import type { Level, Priority } from '../config/vocabulary.js';
import { LEVEL_NAMES_ZH, PRIORITY_NAMES_ZH } from '../config/vocabulary.js';
import {
  TEMPLATE_KINDS,
  type NotificationKind,
  type NotificationPlace,
  type RecipientRole,
} from './notification.js';
import { renderSms, type SmsMessage, type SmsTemplateName } from './sms-templates.js';

export type { SmsMessage } from './sms-templates.js';

/**
 * A stored message's life: `queued` (written with its change), `held` (quiet hours), `sending`
 * (claimed by a sender), `sent`, then `delivered` or `failed` (the delivery report); `refused` by
 * the provider, `failed` after its last attempt, `merged` into a digest.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'held',
  'sending',
  'sent',
  'delivered',
  'failed',
  'refused',
  'merged',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Statuses after which nothing sends the message again. */
export const FINAL_MESSAGE_STATUSES: ReadonlySet<MessageStatus> = new Set<MessageStatus>([
  'sent',
  'delivered',
  'failed',
  'refused',
  'merged',
]);

/**
 * A message the lifecycle wants sent; recorded with the state change that caused it, then delivered.
 * It carries its template and parameters for a template provider, and its text for SNS and the outbox.
 */
export interface OutgoingMessage extends SmsMessage {
  /** Unique per request version and recipient, so a retried step never sends twice. */
  key: string;
  to: { kind: 'phone'; phone: string; personId: string } | { kind: 'supervisors' };
  /** Sent at once even in quiet hours: urgent requests and notices, the supervisors. */
  urgent: boolean;
  kind: NotificationKind;
  recipientRole: RecipientRole;
  /** Where it is about: the topic's place attributes, and whose staff see it in the SMS view. */
  place: NotificationPlace;
}

/** A template's kind; a text-only message (queued before templates) is about a request. */
export function kindOfSms(sms: SmsMessage): NotificationKind {
  return sms.template === TEXT_ONLY ? 'request-update' : TEMPLATE_KINDS[sms.template as SmsTemplateName];
}

/**
 * The template of a message queued before messages had templates: it has only its text, which SNS
 * sends as it is. Only districts that ran on SNS before can hold one; a template provider refuses it.
 */
export const TEXT_ONLY = '';

/** The SMS of a queued message, as the notifier sends it; an item stored with its text only still reads. */
export function queuedSms(message: { template?: string; params?: string[]; text: string }): SmsMessage {
  return { template: message.template ?? TEXT_ONLY, params: message.params ?? [], text: message.text };
}

/** One UCS-2 segment holds 70 characters; longer texts are split into 67-character parts, each billed. */
export function smsSegments(text: string): number {
  const length = [...text].length;
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

/** A deadline as the templates take it: month, day and HH:MM in the district's time zone. */
export function localDeadline(at: Date, timeZone: string): [month: string, day: string, time: string] {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return [part('month'), part('day'), `${part('hour')}:${part('minute')}`];
}

/** The short reference residents and leaders quote on the phone: the last six characters of the id. */
export function shortReference(requestId: string): string {
  return requestId.slice(-6).toUpperCase();
}

export interface RequestFacts {
  requestId: string;
  categoryName: string;
  priority: Priority;
  deadline: Date;
  timeZone: string;
  signature: string;
  /** The leader's link (the district has a site): the template's link variant carries it. */
  link?: { site: string; token: string };
}

/**
 * The normal-priority template, or its urgent variant with the urgency (较急, 紧急) as its first
 * parameter: a mark that may be absent cannot be a parameter, which is never empty.
 */
function marked(
  facts: RequestFacts,
  names: { normal: SmsTemplateName; urgent: SmsTemplateName },
  params: string[],
): SmsMessage {
  const site = facts.link?.site;
  return facts.priority === 'normal'
    ? renderSms(facts.signature, names.normal, params, site)
    : renderSms(facts.signature, names.urgent, [PRIORITY_NAMES_ZH[facts.priority], ...params], site);
}

/** A link template's parameters: the reference, the deadline's day and time, the token. */
function linked(facts: RequestFacts, link: { token: string }): string[] {
  const [, day, time] = deadline(facts);
  return [reference(facts), day, time, link.token];
}

const reference = (facts: RequestFacts) => shortReference(facts.requestId);
const deadline = (facts: RequestFacts) => localDeadline(facts.deadline, facts.timeZone);

type Names = { normal: SmsTemplateName; urgent: SmsTemplateName };

/** The link variant when the message has a link, else the full template: reference, category, deadline. */
function linkedOrFull(facts: RequestFacts, linkNames: Names, fullNames: Names): SmsMessage {
  return facts.link
    ? marked(facts, linkNames, linked(facts, facts.link))
    : marked(facts, fullNames, [reference(facts), facts.categoryName, ...deadline(facts)]);
}

export const requestSms = {
  assigned: (facts: RequestFacts) =>
    linkedOrFull(
      facts,
      { normal: 'assignedLink', urgent: 'assignedUrgentLink' },
      { normal: 'assigned', urgent: 'assignedUrgent' },
    ),
  escalated: (facts: RequestFacts & { fromLevel: Level; why: 'timeout' | 'leader' }) => {
    const timeout = facts.why === 'timeout';
    if (facts.link) {
      return marked(
        facts,
        timeout
          ? { normal: 'escalatedTimeoutLink', urgent: 'escalatedTimeoutUrgentLink' }
          : { normal: 'escalatedUnresolvedLink', urgent: 'escalatedUnresolvedUrgentLink' },
        linked(facts, facts.link),
      );
    }
    return marked(
      facts,
      timeout
        ? { normal: 'escalatedTimeout', urgent: 'escalatedTimeoutUrgent' }
        : { normal: 'escalatedUnresolved', urgent: 'escalatedUnresolvedUrgent' },
      [reference(facts), facts.categoryName, LEVEL_NAMES_ZH[facts.fromLevel], ...deadline(facts)],
    );
  },
  reopened: (facts: RequestFacts) =>
    renderSms(facts.signature, 'reopened', [reference(facts), ...deadline(facts)]),
  resolved: (facts: RequestFacts) =>
    renderSms(facts.signature, 'resolved', [reference(facts), ...deadline(facts)]),
  overdue: (facts: RequestFacts) =>
    renderSms(facts.signature, 'overdue', [reference(facts), facts.categoryName]),
  triage: (facts: RequestFacts) =>
    marked(facts, { normal: 'triage', urgent: 'triageUrgent' }, [
      reference(facts),
      facts.categoryName,
      ...deadline(facts),
    ]),
  triageOverdue: (facts: RequestFacts) =>
    renderSms(facts.signature, 'triageOverdue', [reference(facts), facts.categoryName]),
  reminder: (facts: RequestFacts) =>
    linkedOrFull(
      facts,
      { normal: 'reminderLink', urgent: 'reminderUrgentLink' },
      { normal: 'reminder', urgent: 'reminderUrgent' },
    ),
};

export const dispatchSms = {
  dispatched: (facts: RequestFacts & { address: string }) =>
    marked(facts, { normal: 'dispatched', urgent: 'dispatchedUrgent' }, [
      reference(facts),
      facts.categoryName,
      facts.address,
      ...deadline(facts),
    ]),
  completed: (facts: RequestFacts) =>
    renderSms(facts.signature, 'dispatchCompleted', [reference(facts), ...deadline(facts)]),
  overdue: (facts: RequestFacts) =>
    renderSms(facts.signature, 'dispatchOverdue', [reference(facts), ...deadline(facts)]),
};
