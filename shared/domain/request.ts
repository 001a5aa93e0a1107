import type { Level, Priority } from '../config/vocabulary.js';
import type { Post } from './hierarchy.js';
import type { Ancestors } from './place.js';
import type { IntakeFormat } from './intake-submission.js';

/**
 * submitted → assigned → acknowledged → resolved → closed, with escalating (a leader said "beyond me")
 * between a leader and the next level. Rejection by the resident reopens to acknowledged.
 */
export const REQUEST_STATUSES = [
  'submitted',
  /** From a third-party channel, no household matched: community staff attach it to one. */
  'triage',
  'assigned',
  'acknowledged',
  'dispatched',
  'escalating',
  'resolved',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const OPEN_STATUSES: readonly RequestStatus[] = [
  'submitted',
  'triage',
  'assigned',
  'acknowledged',
  'dispatched',
  'escalating',
  'resolved',
];

/**
 * Statuses in which a passed deadline means someone is late (to place, acknowledge, resolve or
 * finish the work); a resolved request's deadline is the resident's, to confirm.
 */
export const LATE_STATUSES: readonly RequestStatus[] = [
  'submitted',
  'triage',
  'assigned',
  'acknowledged',
  'dispatched',
  'escalating',
];

export interface Actor {
  /** A partner is a third-party channel (a form product, an Open311 client) that delivered the request. */
  kind: 'resident' | 'leader' | 'staff' | 'system' | 'partner';
  id: string;
  name?: string;
}

export const SYSTEM: Actor = { kind: 'system', id: 'workflow' };

/** A leader who held the request at some level, and how they did against the SLA. */
export interface Handler {
  personId: string;
  name: string;
  level: Level;
  assignedAt: string;
  acknowledgedAt?: string;
  acknowledgedWithinSla?: boolean;
  resolvedAt?: string;
  resolvedWithinSla?: boolean;
  /** The request left this leader because their deadline passed. */
  missedDeadline?: boolean;
}

/** One of the ten staff (十员) or a volunteer team, as a dispatch target. */
export interface ServiceProvider {
  kind: 'staff' | 'team';
  id: string;
  name: string;
  /** Who is texted and who may report the work done: the staff member, or the team's members. */
  contact: { personId: string; phone: string };
  memberIds: string[];
  /** Request categories the provider takes on. */
  specialities: string[];
  /** The node (grid or community) the provider serves. */
  scope: string;
}

export interface Dispatch {
  provider: Pick<ServiceProvider, 'kind' | 'id' | 'name' | 'contact' | 'memberIds'>;
  by: string;
  at: string;
  deadline: string;
  note?: string;
}

/** Where a request came from when a partner delivered it: what staff need to place it and call back. */
export interface IntakeOrigin {
  partnerId: string;
  channel: IntakeFormat;
  /** The partner's id of the submission (its retries repeat it). */
  externalId: string;
  contactName?: string;
  /** The address as the form gave it (the request's address is the household's once attached). */
  addressGiven?: string;
  location?: { lat: number; long: number };
}

/** A request's place: a household has all five levels; a request in triage only its community and street. */
export type RequestAncestors = Ancestors & Required<Pick<Ancestors, 'street' | 'community'>>;

export interface ServiceRequest {
  id: string;
  /** Absent only while in triage. */
  householdId?: string;
  address: string;
  ancestors: RequestAncestors;
  submittedBy: Actor;
  /** Whom the resolution SMS goes to; empty when a form gave no usable number. */
  residentPhone: string;
  intake?: IntakeOrigin;
  category: string;
  description: string;
  priority: Priority;
  /** Keys of uploads to the district's photo storage, or links a partner's form gave (shared/domain/photos.ts). */
  photos: string[];
  status: RequestStatus;
  /** The level holding the request now; the street level with no holder when every post is vacant. */
  level: Level;
  assignee?: Post;
  /** The deadline of the current wait (acknowledge, resolve, resident's confirmation or overdue reminder). */
  deadline: string;
  acknowledgeBy?: string;
  resolveBy?: string;
  /**
   * When the leader holding the current wait is reminded of its deadline (sla.reminders); absent when
   * no reminder is due: none configured, already sent, or a wait nobody is reminded of.
   */
  reminderAt?: string;
  overdue: boolean;
  handlers: Handler[];
  resolution?: { note: string; by: string; at: string; photos?: string[] };
  /** The staff member or volunteer team the leader sent, while they work on it. */
  dispatch?: Dispatch;
  rating?: number;
  /** staff: community staff dismissed a request in triage (spam, a duplicate, not for the district). */
  closedBy?: 'resident' | 'auto' | 'staff';
  reopenCount: number;
  createdAt: string;
  updatedAt: string;
  /** The last action a person took (the workflow's own steps do not count): a repeat is answered, not applied twice. */
  lastEvent?: {
    event: TimelineEvent;
    actorId: string;
    /** The digest of what the person asked (the action and its body): a repeat asking otherwise is a 409. */
    digest?: string;
  };
  /** With an Idempotency-Key: the digest of what was submitted, which a retry under the key must match. */
  submissionDigest?: string;
  /** Bumped by every state change; timeline entries are keyed by it, so a retried step cannot write twice. */
  version: number;
}

export const TIMELINE_EVENTS = [
  'submitted',
  'assigned',
  'acknowledged',
  'escalation-requested',
  'escalated',
  'overdue',
  'resolved',
  'confirmed',
  'rejected',
  'auto-confirmed',
  'rerouted',
  'dispatched',
  'dispatch-completed',
  'dispatch-overdue',
  'triaged',
  'triage-overdue',
  'attached',
  'dismissed',
  'reminded',
] as const;
export type TimelineEvent = (typeof TIMELINE_EVENTS)[number];

export interface TimelineEntry {
  version: number;
  at: string;
  event: TimelineEvent;
  actor: Actor;
  level?: Level;
  assigneeId?: string;
  note?: string;
  /** Why this happened, in words a resident or a supervisor reads. */
  reason?: string;
}

/** What the workflow does next; the one thing every Task returns and every callback sends. */
export interface NextStep {
  next: 'await-leader' | 'escalate' | 'await-resident' | 'closed';
  version: number;
  timeoutSeconds: number;
}

/** What a listing shows of a request (the indexes project these attributes only). */
export type RequestSummary = Pick<
  ServiceRequest,
  | 'id'
  | 'householdId'
  | 'ancestors'
  | 'address'
  | 'category'
  | 'priority'
  | 'status'
  | 'level'
  | 'assignee'
  | 'deadline'
  | 'overdue'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
>;
