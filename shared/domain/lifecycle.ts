import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import type { ChainLink, Household } from './hierarchy.js';
import { LEVELS, type Level, type Priority } from '../config/vocabulary.js';
import { effectivePriority } from './household-priority.js';
import { closingAwards } from './points-rules.js';
import {
  SYSTEM,
  type IntakeOrigin,
  type Actor,
  type Handler,
  type NextStep,
  type RequestStatus,
  type ServiceRequest,
  type TimelineEvent,
} from './request.js';
import { isReminderDue } from './reminders.js';
import { secondsUntil } from './sla.js';
import {
  advance,
  assertStatus,
  deadlinesAt,
  draftRequest,
  leaderLink,
  messageFacts,
  requestMessage,
  toLeader,
  toSupervisors,
  withHandler,
  type LifecycleContext,
  type Transition,
} from './transition.js';
import { requestSms, type RequestFacts, type SmsMessage } from './sms.js';

export const LEADER_ACTIONS = ['acknowledge', 'resolve', 'escalate'] as const;
/** The timeline event each action records; the same event by the same person twice is a repeat. */
export const ACTION_EVENTS = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  escalate: 'escalation-requested',
  confirm: 'confirmed',
  reject: 'rejected',
} as const satisfies Record<string, TimelineEvent>;
export const RESIDENT_ACTIONS = ['confirm', 'reject'] as const;
export type LeaderAction = (typeof LEADER_ACTIONS)[number];
export type ResidentAction = (typeof RESIDENT_ACTIONS)[number];
export const isResidentAction = (action: string): action is ResidentAction =>
  (RESIDENT_ACTIONS as readonly string[]).includes(action);

/** The first level at or above `from` whose post is held; undefined when every one of them is vacant. */
export function firstHeldLink(chain: ChainLink[], from: Level): ChainLink | undefined {
  const start = LEVELS.indexOf(from);
  return chain.filter((link) => LEVELS.indexOf(link.level) >= start).find((link) => link.post !== undefined);
}

function levelAbove(level: Level): Level | undefined {
  return LEVELS[LEVELS.indexOf(level) + 1];
}

/**
 * The holder's SMS about the request, with the link that opens it where the district has a site,
 * and that link to store with the transition.
 */
function toHolder(
  request: ServiceRequest,
  context: LifecycleContext,
  deadline: Date,
  render: (facts: RequestFacts) => SmsMessage,
): Pick<Transition, 'messages' | 'links'> {
  const smsLink = leaderLink(request, context);
  const sms = render({
    ...messageFacts(request, context.config, deadline),
    ...(smsLink && context.links ? { link: { site: context.links.site, token: smsLink.token } } : {}),
  });
  return { messages: toLeader(request, sms), ...(smsLink ? { links: [smsLink] } : {}) };
}

/**
 * Hands the request to the first held post at or above `from`. When no post is held up to the
 * street, the request stays at the street level, flagged overdue, and the supervisors are told.
 */
function assignFrom(
  before: ServiceRequest,
  chain: ChainLink[],
  from: Level,
  event: 'assigned' | 'escalated' | 'rerouted' | 'attached',
  actor: Actor,
  reason: string,
  context: LifecycleContext,
  changes: Partial<ServiceRequest> = {},
): Transition {
  const link = firstHeldLink(chain, from);
  if (!link?.post) {
    const byPerson = actor.kind === 'system' ? undefined : { event, actor };
    return flagOverdue({ ...before, ...changes }, context, 'no-leader', byPerson);
  }
  const { acknowledgeBy, resolveBy } = deadlinesAt(before, link.level, context);
  const handler: Handler = {
    personId: link.post.holderId,
    name: link.post.holderName,
    level: link.level,
    assignedAt: context.now.toISOString(),
  };
  const skipped = LEVELS.indexOf(link.level) - LEVELS.indexOf(from);
  const { request, entry } = advance(
    before,
    {
      status: 'assigned',
      level: link.level,
      assignee: link.post,
      acknowledgeBy: acknowledgeBy.toISOString(),
      resolveBy: resolveBy.toISOString(),
      deadline: acknowledgeBy.toISOString(),
      handlers: [...before.handlers, handler],
      ...changes,
    },
    event,
    actor,
    context,
    { reason: skipped > 0 ? `${reason}; skipped ${skipped} vacant level(s)` : reason },
  );
  const sms = (facts: RequestFacts) =>
    event !== 'escalated'
      ? requestSms.assigned(facts)
      : requestSms.escalated({
          ...facts,
          fromLevel: before.level,
          why: before.status === 'escalating' ? 'leader' : 'timeout',
        });
  return { request, entry, awards: [], ...toHolder(request, context, acknowledgeBy, sms) };
}

/**
 * Overdue at the street, the supervisors told. A person's action that ends here (staff attaching a
 * request to a household whose every post is vacant) is recorded as that action, by that person,
 * so that its retry is recognised as a repeat.
 */
function flagOverdue(
  before: ServiceRequest,
  context: LifecycleContext,
  why: 'timeout' | 'no-leader',
  byPerson?: { event: TimelineEvent; actor: Actor },
): Transition {
  const reminderAt = new Date(context.now.getTime() + context.config.sla.overdueReminderMinutes * 60_000);
  const stillHeld = why === 'timeout' && before.assignee !== undefined;
  const { request, entry } = advance(
    before,
    {
      status: stillHeld && before.status === 'acknowledged' ? 'acknowledged' : 'assigned',
      level: 'street',
      ...(stillHeld ? {} : { assignee: undefined }),
      overdue: true,
      deadline: reminderAt.toISOString(),
    },
    byPerson?.event ?? 'overdue',
    byPerson?.actor ?? SYSTEM,
    context,
    {
      reason:
        why === 'timeout'
          ? 'the street level missed its deadline; supervisors notified'
          : 'no post is held at this level or above; supervisors notified',
    },
  );
  const sms = requestSms.overdue(messageFacts(request, context.config, reminderAt));
  return { request, entry, messages: toSupervisors(request, sms), awards: [] };
}

export function assignFirstLeader(
  before: ServiceRequest,
  chain: ChainLink[],
  context: LifecycleContext,
): Transition {
  return assignFrom(before, chain, 'unit', 'assigned', SYSTEM, 'routed to the household’s unit', context);
}

/**
 * The deadline passed, or a leader asked to escalate: move one level up. At the street level
 * the request stays where it is, overdue, and the supervisors are reminded every reminder interval.
 */
export function escalate(request: ServiceRequest, chain: ChainLink[], context: LifecycleContext): Transition {
  const byLeader = request.status === 'escalating';
  // A leader who let the deadline pass is on record for it (a deduction when the request closes).
  const before =
    byLeader || !request.assignee
      ? request
      : { ...request, handlers: withHandler(request, { missedDeadline: true }) };
  const above = levelAbove(before.level);
  if (!above) return flagOverdue(before, context, 'timeout');
  const reason = byLeader
    ? `the ${before.level} leader asked to escalate`
    : `the ${before.level} leader missed the deadline`;
  return assignFrom(before, chain, above, 'escalated', SYSTEM, reason, context);
}

const LEADER_HELD: readonly RequestStatus[] = ['assigned', 'acknowledged'];

/**
 * The household moved (re-gridding) or the post holding the request changed hands: the request
 * follows. It takes the household's new ancestors, and if the post at its level is now held by
 * someone else it goes to them with a fresh deadline (to the next held post above, if vacant).
 * Undefined when nothing changed for it.
 */
export function reroute(
  before: ServiceRequest,
  ancestors: ServiceRequest['ancestors'],
  chain: ChainLink[],
  reason: string,
  context: LifecycleContext,
): Transition | undefined {
  const moved = LEVELS.some((level) => ancestors[level] !== before.ancestors[level]);
  const holder = chain.find((link) => link.level === before.level)?.post?.holderId;
  const changedHands = LEADER_HELD.includes(before.status) && holder !== before.assignee?.holderId;
  if (changedHands)
    return assignFrom(before, chain, before.level, 'rerouted', SYSTEM, reason, context, { ancestors });
  if (!moved) return undefined;
  return {
    ...advance(before, { ancestors }, 'rerouted', SYSTEM, context, { reason }),
    messages: [],
    awards: [],
  };
}

/** Whether the current wait's deadline has passed: the only reason a timeout may escalate. */
export function isPastDeadline(request: ServiceRequest, now: Date): boolean {
  return now.getTime() >= new Date(request.deadline).getTime();
}

function lateOrForeign(request: ServiceRequest, actor: Actor): never {
  const heldBefore = request.handlers.some((handler) => handler.personId === actor.id);
  if (heldBefore && request.assignee?.holderId !== actor.id) {
    throw new ConflictError(
      `Request ${request.id} is now with the ${request.level} level (${request.assignee?.holderName ?? 'vacant'}); ` +
        'it was escalated before your action arrived. 该诉求已升级,您的操作未生效。',
    );
  }
  throw new ForbiddenError(`Request ${request.id} is not assigned to you.`);
}

export function actAsLeader(
  before: ServiceRequest,
  actor: Actor,
  action: LeaderAction,
  note: string | undefined,
  context: LifecycleContext,
  /** resolve: the keys of the leader's photos of the work done. */
  photos: readonly string[] = [],
): Transition {
  if (before.assignee?.holderId !== actor.id) lateOrForeign(before, actor);
  const now = context.now.toISOString();
  const none = { messages: [], awards: [] };
  switch (action) {
    case 'acknowledge': {
      assertStatus(before, ['assigned'], action);
      const withinSla = context.now <= new Date(before.acknowledgeBy ?? before.deadline);
      return {
        ...advance(
          before,
          {
            status: 'acknowledged',
            deadline: before.resolveBy ?? before.deadline,
            handlers: withHandler(before, { acknowledgedAt: now, acknowledgedWithinSla: withinSla }),
          },
          'acknowledged',
          actor,
          context,
          note ? { note } : {},
        ),
        ...none,
      };
    }
    case 'escalate': {
      assertStatus(before, ['assigned', 'acknowledged'], action);
      return {
        ...advance(before, { status: 'escalating' }, 'escalation-requested', actor, context, {
          reason: note ?? 'beyond this level',
        }),
        ...none,
      };
    }
    case 'resolve': {
      assertStatus(before, ['assigned', 'acknowledged'], action);
      const withinSla = context.now <= new Date(before.resolveBy ?? before.deadline);
      const confirmBy = new Date(context.now.getTime() + context.config.sla.autoConfirmMinutes * 60_000);
      const { request, entry } = advance(
        before,
        {
          status: 'resolved',
          deadline: confirmBy.toISOString(),
          resolution: {
            note: note ?? '',
            by: actor.id,
            at: now,
            ...(photos.length > 0 ? { photos: [...photos] } : {}),
          },
          handlers: withHandler(before, { resolvedAt: now, resolvedWithinSla: withinSla }),
        },
        'resolved',
        actor,
        context,
        note ? { note } : {},
      );
      const sms = requestSms.resolved(messageFacts(request, context.config, confirmBy));
      const toResident = requestMessage(request, sms, {
        to: { kind: 'phone', phone: before.residentPhone, personId: before.submittedBy.id },
        role: 'resident',
        urgent: false,
      });
      return { request, entry, messages: [toResident], awards: [] };
    }
  }
}

/** `served`: the people the request serves (servedBy), who earn no closing points for it. */
export function actAsResident(
  before: ServiceRequest,
  actor: Actor,
  action: ResidentAction,
  details: { rating?: number; note?: string },
  context: LifecycleContext,
  served: ReadonlySet<string>,
): Transition {
  assertStatus(before, ['resolved'], action);
  if (action === 'confirm') return close(before, actor, details.rating, context, served, details.note);
  const { resolveBy } = deadlinesAt(before, before.level, context);
  const { request, entry } = advance(
    before,
    {
      status: 'acknowledged',
      deadline: resolveBy.toISOString(),
      resolveBy: resolveBy.toISOString(),
      reopenCount: before.reopenCount + 1,
      resolution: undefined,
      handlers: withHandler(before, { resolvedAt: undefined, resolvedWithinSla: undefined }),
    },
    'rejected',
    actor,
    context,
    { reason: details.note ?? 'the resident is not satisfied' },
  );
  const sms = requestSms.reopened(messageFacts(request, context.config, resolveBy));
  return { request, entry, messages: toLeader(request, sms), awards: [] };
}

function close(
  before: ServiceRequest,
  actor: Actor,
  rating: number | undefined,
  context: LifecycleContext,
  served: ReadonlySet<string>,
  note?: string,
): Transition {
  const auto = actor.kind === 'system';
  const { request, entry } = advance(
    before,
    {
      status: 'closed',
      closedBy: auto ? 'auto' : 'resident',
      deadline: context.now.toISOString(),
      overdue: before.overdue,
      ...(rating !== undefined ? { rating } : {}),
    },
    auto ? 'auto-confirmed' : 'confirmed',
    actor,
    context,
    {
      ...(note ? { note } : {}),
      ...(auto ? { reason: 'the resident did not answer in time' } : {}),
    },
  );
  return { request, entry, messages: [], awards: closingAwards(request, context.config.points, served) };
}

export function autoConfirm(
  before: ServiceRequest,
  context: LifecycleContext,
  served: ReadonlySet<string>,
): Transition {
  return close(before, SYSTEM, undefined, context, served);
}

/**
 * The reminder of the wait is due: the leader holding it is texted, once (the reminder is taken off
 * the request in the same transaction), with the link to the request where the district has a
 * site. The deadline stays as it was. Undefined when none is due.
 */
export function remind(before: ServiceRequest, context: LifecycleContext): Transition | undefined {
  if (!isReminderDue(before, context.now)) return undefined;
  const { reminderAt: _sent, ...unreminded } = before;
  const { request, entry } = advance(unreminded, {}, 'reminded', SYSTEM, context, {
    reason: `the ${before.level} leader was reminded of the deadline`,
  });
  return {
    request,
    entry,
    awards: [],
    ...toHolder(request, context, new Date(request.deadline), requestSms.reminder),
  };
}

/**
 * Where the workflow goes from the request's state as stored: the single source of truth. A wait
 * lasts until its reminder, if one is still to come, else until its deadline.
 */
export function nextStep(request: ServiceRequest, now: Date): NextStep {
  const deadline = new Date(request.deadline);
  const reminder = request.reminderAt === undefined ? undefined : new Date(request.reminderAt);
  const timeoutSeconds = secondsUntil(reminder && reminder < deadline ? reminder : deadline, now);
  const step = (next: NextStep['next']): NextStep => ({ next, version: request.version, timeoutSeconds });
  switch (request.status) {
    case 'submitted':
    case 'escalating':
      return step('escalate');
    case 'triage':
    case 'assigned':
    case 'acknowledged':
    case 'dispatched':
      return step('await-leader');
    case 'resolved':
      return step('await-resident');
    case 'closed':
      return step('closed');
  }
}

export interface NewRequestInput {
  id: string;
  household: Household;
  submittedBy: Actor;
  category: string;
  description: string;
  priority: Priority;
  photos: string[];
  /** A partner's delivery: where it came from, and the number the form gave (the resident to answer). */
  intake?: IntakeOrigin;
  contactPhone?: string;
}

/** A category the district's config lists, or a 400 naming the field. */
export function assertKnownCategory(category: string, context: LifecycleContext): void {
  if (context.config.categories.some((candidate) => candidate.code === category)) return;
  throw new ValidationError(`Unknown category "${category}".`, [
    {
      field: 'category',
      message: `must be one of ${context.config.categories.map((candidate) => candidate.code).join(', ')}`,
    },
  ]);
}

/** A request as the resident submitted it: stored, on the timeline, and not yet routed. */
export function submit(input: NewRequestInput, context: LifecycleContext): Transition {
  assertKnownCategory(input.category, context);
  const { priority, raisedBy } = effectivePriority(
    input.priority,
    input.household.tags,
    context.config.tagPriorities,
  );
  const resident =
    input.household.residents.find((candidate) => candidate.personId === input.submittedBy.id) ??
    input.household.residents[0];
  const draft = draftRequest(
    {
      id: input.id,
      householdId: input.household.id,
      address: input.household.address,
      ancestors: input.household.ancestors,
      submittedBy: input.submittedBy,
      residentPhone: input.contactPhone ?? resident?.phone ?? '',
      ...(input.intake ? { intake: input.intake } : {}),
      category: input.category,
      description: input.description,
      priority,
      photos: input.photos,
      status: 'submitted',
      level: 'unit',
      deadline: context.now.toISOString(),
    },
    context,
  );
  const details = raisedBy
    ? { reason: `priority raised to ${priority}: the household is tagged ${raisedBy}` }
    : {};
  return {
    ...advance(draft, {}, 'submitted', input.submittedBy, context, details),
    messages: [],
    awards: [],
  };
}

/**
 * Community staff found the household of a request in triage: it takes the household's place and
 * goes to its unit leader (up from there past vacant posts), with fresh deadlines.
 */
export function attachHousehold(
  before: ServiceRequest,
  household: Household,
  chain: ChainLink[],
  actor: Actor,
  context: LifecycleContext,
): Transition {
  assertStatus(before, ['triage'], 'attach');
  const { priority } = effectivePriority(before.priority, household.tags, context.config.tagPriorities);
  const changes: Partial<ServiceRequest> = {
    householdId: household.id,
    address: household.address,
    ancestors: household.ancestors,
    priority,
    overdue: false,
    residentPhone: before.residentPhone || (household.residents[0]?.phone ?? ''),
  };
  const placed = { ...before, ...changes };
  return assignFrom(
    placed,
    chain,
    'unit',
    'attached',
    actor,
    `attached to household ${household.id}`,
    context,
    changes,
  );
}

export type { LifecycleContext, Transition } from './transition.js';
