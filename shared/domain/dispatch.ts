import { isWithin } from './access.js';
import { ConflictError, ForbiddenError, UnprocessableError } from '../errors.js';
import type { Actor, ServiceProvider, ServiceRequest } from './request.js';
import { SYSTEM } from './request.js';
import { dispatchSms } from './sms.js';
import { slaDeadline, slaRuleFor } from './sla.js';
import {
  advance,
  assertStatus,
  messageFacts,
  requestMessage,
  toLeader,
  withHandler,
  type LifecycleContext,
  type Transition,
} from './transition.js';

/**
 * Dispatch (派单): the leader holding a request sends one of the ten staff (十员) or a volunteer
 * team whose speciality matches. The provider has the district's dispatch SLA; when they report
 * the work done, or miss the deadline, the request comes back to the leader, who confirms the
 * work and resolves it for the resident.
 */
export function dispatchTo(
  before: ServiceRequest,
  actor: Actor,
  provider: ServiceProvider,
  note: string | undefined,
  context: LifecycleContext,
): Transition {
  if (before.assignee?.holderId !== actor.id)
    throw new ForbiddenError(`Request ${before.id} is not assigned to you.`);
  assertStatus(before, ['assigned', 'acknowledged'], 'dispatch');
  if (!provider.specialities.includes(before.category)) {
    throw new UnprocessableError(`${provider.name} does not take on ${before.category} requests.`, [
      { field: 'to', message: `specialities are ${provider.specialities.join(', ')}` },
    ]);
  }
  if (!isWithin(before, provider.scope)) {
    throw new UnprocessableError(`${provider.name} does not serve this request's area.`, [
      { field: 'to', message: 'serves another area' },
    ]);
  }
  const now = context.now.toISOString();
  const deadline = slaDeadline({
    from: context.now,
    minutes: context.config.sla.dispatchMinutes,
    priority: before.priority,
    config: context.config,
  });
  const acknowledged = before.status === 'acknowledged';
  const { request, entry } = advance(
    before,
    {
      status: 'dispatched',
      deadline: deadline.toISOString(),
      dispatch: {
        provider: {
          kind: provider.kind,
          id: provider.id,
          name: provider.name,
          contact: provider.contact,
          memberIds: provider.memberIds,
        },
        by: actor.id,
        at: now,
        deadline: deadline.toISOString(),
        ...(note ? { note } : {}),
      },
      // Sending someone is acting on the request: it counts as the acknowledgement if there was none.
      ...(acknowledged
        ? {}
        : {
            handlers: withHandler(before, {
              acknowledgedAt: now,
              acknowledgedWithinSla: context.now <= new Date(before.acknowledgeBy ?? before.deadline),
            }),
          }),
    },
    'dispatched',
    actor,
    context,
    { reason: `dispatched to ${provider.name}`, ...(note ? { note } : {}) },
  );
  const sms = dispatchSms.dispatched({
    ...messageFacts(request, context.config, deadline),
    address: before.address,
  });
  const toProvider = requestMessage(request, sms, {
    to: { kind: 'phone', phone: provider.contact.phone, personId: provider.contact.personId },
    role: 'provider',
    urgent: before.priority === 'urgent',
  });
  return { request, entry, messages: [toProvider], awards: [] };
}

/** The leader's deadline once the request is back: what is left of the resolution SLA, or a fresh acknowledgement window. */
function backWithLeader(before: ServiceRequest, context: LifecycleContext): Date {
  const resolveBy = new Date(before.resolveBy ?? before.deadline);
  if (resolveBy > context.now) return resolveBy;
  const rule = slaRuleFor(context.config.sla.rules, {
    category: before.category,
    priority: before.priority,
    level: before.level,
  });
  return slaDeadline({
    from: context.now,
    minutes: rule.acknowledgeMinutes,
    priority: before.priority,
    config: context.config,
  });
}

/** A member of the dispatched staff or team reports the work done; the leader confirms it. */
export function completeDispatch(
  before: ServiceRequest,
  actor: Actor,
  note: string,
  context: LifecycleContext,
): Transition {
  if (before.status !== 'dispatched' || !before.dispatch) {
    throw new ConflictError(`Request ${before.id} is ${before.status}, not dispatched.`);
  }
  if (!before.dispatch.provider.memberIds.includes(actor.id)) {
    throw new ForbiddenError(
      `Request ${before.id} was dispatched to ${before.dispatch.provider.name}, not to you.`,
    );
  }
  return back(
    before,
    actor,
    'dispatch-completed',
    { note, reason: `${before.dispatch.provider.name} reported the work done` },
    context,
  );
}

/** The provider missed the dispatch deadline: the request goes back to the leader to follow up. */
export function dispatchOverdue(before: ServiceRequest, context: LifecycleContext): Transition {
  const name = before.dispatch?.provider.name ?? 'the provider';
  return back(
    before,
    SYSTEM,
    'dispatch-overdue',
    { reason: `${name} missed the dispatch deadline` },
    context,
  );
}

function back(
  before: ServiceRequest,
  actor: Actor,
  event: 'dispatch-completed' | 'dispatch-overdue',
  details: { note?: string; reason: string },
  context: LifecycleContext,
): Transition {
  const deadline = backWithLeader(before, context);
  const { request, entry } = advance(
    before,
    { status: 'acknowledged', deadline: deadline.toISOString(), dispatch: undefined },
    event,
    actor,
    context,
    details,
  );
  const facts = messageFacts(request, context.config, deadline);
  const sms = event === 'dispatch-completed' ? dispatchSms.completed(facts) : dispatchSms.overdue(facts);
  return { request, entry, messages: toLeader(request, sms), awards: [] };
}
