import type { DistrictConfig } from '../config/district-config.js';
import { ConflictError } from '../errors.js';
import type { Level } from '../config/vocabulary.js';
import type { PointsAward } from './points-rules.js';
import type {
  Actor,
  Handler,
  RequestStatus,
  ServiceRequest,
  TimelineEntry,
  TimelineEvent,
} from './request.js';
import { slaDeadline, slaRuleFor } from './sla.js';
import type { RecipientRole } from './notification.js';
import { kindOfSms, type OutgoingMessage, type SmsMessage } from './sms.js';

/* The building blocks every transition of a request is made of (lifecycle.ts, dispatch.ts). */

/** A state change: the request after it, its timeline entry, the messages it sends and the points it awards. */
export interface Transition {
  request: ServiceRequest;
  entry: TimelineEntry;
  messages: OutgoingMessage[];
  awards: PointsAward[];
}

export interface LifecycleContext {
  config: DistrictConfig;
  now: Date;
}

/** What every new request starts with: no handler yet, never reopened, at version 0 (its first entry makes it 1). */
export function draftRequest(
  fields: Omit<
    ServiceRequest,
    'overdue' | 'handlers' | 'reopenCount' | 'createdAt' | 'updatedAt' | 'version'
  >,
  { now }: LifecycleContext,
): ServiceRequest {
  const at = now.toISOString();
  return {
    ...fields,
    overdue: false,
    handlers: [],
    reopenCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
}

export function advance(
  before: ServiceRequest,
  changes: Partial<ServiceRequest>,
  event: TimelineEvent,
  actor: Actor,
  { now }: LifecycleContext,
  details: Pick<TimelineEntry, 'note' | 'reason'> = {},
): Pick<Transition, 'request' | 'entry'> {
  const version = before.version + 1;
  const request: ServiceRequest = {
    ...before,
    ...changes,
    lastEvent: actor.kind === 'system' ? before.lastEvent : { event, actorId: actor.id },
    version,
    updatedAt: now.toISOString(),
  };
  const entry: TimelineEntry = {
    version,
    at: now.toISOString(),
    event,
    actor,
    level: request.level,
    ...(request.assignee ? { assigneeId: request.assignee.holderId } : {}),
    ...details,
  };
  return { request, entry };
}

export function categoryName(config: DistrictConfig, code: string): string {
  return config.categories.find((category) => category.code === code)?.name ?? code;
}

export function messageFacts(request: ServiceRequest, config: DistrictConfig, deadline: Date) {
  return {
    requestId: request.id,
    categoryName: categoryName(config, request.category),
    priority: request.priority,
    deadline,
    timeZone: config.district.timeZone,
    signature: config.sms.signature,
  };
}

export function deadlinesAt(request: ServiceRequest, level: Level, { config, now }: LifecycleContext) {
  const rule = slaRuleFor(config.sla.rules, {
    category: request.category,
    priority: request.priority,
    level,
  });
  const deadline = (minutes: number) =>
    slaDeadline({ from: now, minutes, priority: request.priority, config });
  return { acknowledgeBy: deadline(rule.acknowledgeMinutes), resolveBy: deadline(rule.resolveMinutes) };
}

/**
 * A message about a request: its kind from its template, its place from the request's ancestors and
 * level. Urgent when the request is (the supervisors' always): an urgent SMS ignores quiet hours.
 */
export function requestMessage(
  request: ServiceRequest,
  sms: SmsMessage,
  recipient: { to: OutgoingMessage['to']; role: RecipientRole; urgent?: boolean },
): OutgoingMessage {
  const { community, grid, building } = request.ancestors;
  const id = recipient.to.kind === 'phone' ? recipient.to.personId : 'supervisors';
  return {
    key: `${request.version}#${id}`,
    to: recipient.to,
    ...sms,
    urgent: recipient.urgent ?? request.priority === 'urgent',
    kind: kindOfSms(sms),
    recipientRole: recipient.role,
    place: {
      community,
      ...(grid ? { grid } : {}),
      ...(building ? { building } : {}),
      level: request.level,
    },
  };
}

/** The holder of the request's post: a leader, or the staff of a community or street. */
export function toLeader(request: ServiceRequest, sms: SmsMessage): OutgoingMessage[] {
  const post = request.assignee;
  if (!post) return [];
  const role = request.level === 'community' || request.level === 'street' ? 'staff' : 'leader';
  return [
    requestMessage(request, sms, {
      to: { kind: 'phone', phone: post.holderPhone, personId: post.holderId },
      role,
    }),
  ];
}

export function toSupervisors(request: ServiceRequest, sms: SmsMessage): OutgoingMessage[] {
  return [requestMessage(request, sms, { to: { kind: 'supervisors' }, role: 'supervisors', urgent: true })];
}

export function assertStatus(request: ServiceRequest, allowed: RequestStatus[], action: string): void {
  if (!allowed.includes(request.status)) {
    throw new ConflictError(
      `Cannot ${action} request ${request.id}: it is ${request.status}, and ${action} needs ${allowed.join(' or ')}.`,
    );
  }
}

export function currentHandler(request: ServiceRequest): Handler {
  const handler = request.handlers.findLast((candidate) => candidate.personId === request.assignee?.holderId);
  if (!handler) throw new Error(`request ${request.id} has an assignee without a handler record`);
  return handler;
}

export function withHandler(request: ServiceRequest, changes: Partial<Handler>): Handler[] {
  const handler = currentHandler(request);
  return request.handlers.map((candidate) =>
    candidate === handler ? { ...candidate, ...changes } : candidate,
  );
}
