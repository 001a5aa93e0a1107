import { actingPost, type HierarchyNode } from './hierarchy.js';
import { assertKnownCategory } from './lifecycle.js';
import type { Priority } from '../config/vocabulary.js';
import { SYSTEM, type Actor, type IntakeOrigin, type ServiceRequest } from './request.js';
import { slaDeadline } from './sla.js';
import { requestSms } from './sms.js';
import {
  advance,
  assertStatus,
  draftRequest,
  messageFacts,
  toLeader,
  toSupervisors,
  type LifecycleContext,
  type Transition,
} from './transition.js';

/** A request a partner delivered whose household nobody could tell: it waits for its community's staff. */
export interface TriageInput {
  id: string;
  /** The community whose staff place it: the partner's. */
  community: Pick<HierarchyNode, 'id' | 'name' | 'ancestors' | 'post' | 'deputy'> & {
    ancestors: { street?: string };
  };
  submittedBy: Actor;
  category: string;
  description: string;
  priority: Priority;
  photos: string[];
  contactPhone?: string;
  intake: IntakeOrigin;
  /** Why no household matched, for the staff who place it. */
  reason: string;
}

/**
 * Not dropped: the request is stored at the community level, held by the community's duty officer
 * (texted), with a deadline of its own (`sla.triageMinutes` on the service calendar); staff attach it
 * to a household (lifecycle `attachHousehold`) and it is routed from the unit up as usual.
 */
export function submitToTriage(input: TriageInput, context: LifecycleContext): Transition {
  assertKnownCategory(input.category, context);
  const street = input.community.ancestors.street;
  if (!street) throw new Error(`community ${input.community.id} has no street`);
  const triageBy = slaDeadline({
    from: context.now,
    minutes: context.config.sla.triageMinutes,
    priority: input.priority,
    config: context.config,
  });
  const assignee = actingPost(input.community);
  const draft = draftRequest(
    {
      id: input.id,
      address: input.intake.addressGiven ?? '',
      ancestors: { street, community: input.community.id },
      submittedBy: input.submittedBy,
      residentPhone: input.contactPhone ?? '',
      intake: input.intake,
      category: input.category,
      description: input.description,
      priority: input.priority,
      photos: input.photos,
      status: 'triage',
      level: 'community',
      ...(assignee ? { assignee } : {}),
      deadline: triageBy.toISOString(),
    },
    context,
  );
  const { request, entry } = advance(draft, {}, 'triaged', input.submittedBy, context, {
    reason: input.reason,
  });
  return { request, entry, messages: toWhoPlacesIt(request, context, triageBy), awards: [] };
}

/** The community's duty officer (or deputy) is texted; with nobody acting there, the supervisors at once. */
function toWhoPlacesIt(request: ServiceRequest, context: LifecycleContext, deadline: Date) {
  const sms = requestSms.triage(messageFacts(request, context.config, deadline));
  return request.assignee ? toLeader(request, sms) : toSupervisors(request, sms);
}

/**
 * The community's post changed hands, or its holder went away: a request in triage follows to whoever
 * acts there now, with the same deadline. Undefined when it is already with them.
 */
export function followCommunityPost(
  before: ServiceRequest,
  community: Pick<HierarchyNode, 'post' | 'deputy'>,
  reason: string,
  context: LifecycleContext,
): Transition | undefined {
  if (before.status !== 'triage') return undefined;
  const acting = actingPost(community);
  if (acting?.holderId === before.assignee?.holderId) return undefined;
  const { request, entry } = advance(before, { assignee: acting }, 'rerouted', SYSTEM, context, { reason });
  return { request, entry, messages: toWhoPlacesIt(request, context, new Date(before.deadline)), awards: [] };
}

/**
 * Community staff found that a request in triage is none of the district's (spam, a duplicate of
 * another, a test): closed with their reason, which the timeline and Open311 show; no points, no SMS.
 */
export function dismissTriage(
  before: ServiceRequest,
  actor: Actor,
  note: string,
  context: LifecycleContext,
): Transition {
  assertStatus(before, ['triage'], 'dismiss');
  const at = context.now.toISOString();
  const { request, entry } = advance(
    before,
    { status: 'closed', closedBy: 'staff', deadline: at, resolution: { note, by: actor.id, at } },
    'dismissed',
    actor,
    context,
    { note },
  );
  return { request, entry, messages: [], awards: [] };
}

/** Triage's deadline passed: the supervisors are told, and reminded every reminder interval until it is placed. */
export function triageOverdue(before: ServiceRequest, context: LifecycleContext): Transition {
  assertStatus(before, ['triage'], 'flag triage overdue');
  const reminderAt = new Date(context.now.getTime() + context.config.sla.overdueReminderMinutes * 60_000);
  const { request, entry } = advance(
    before,
    { overdue: true, deadline: reminderAt.toISOString() },
    'triage-overdue',
    SYSTEM,
    context,
    { reason: 'no household was attached in time; supervisors notified' },
  );
  const sms = requestSms.triageOverdue(messageFacts(request, context.config, reminderAt));
  return { request, entry, messages: toSupervisors(request, sms), awards: [] };
}
