import { PRIORITIES } from '../../config/vocabulary.js';
import { REQUEST_STATUSES, TIMELINE_EVENTS } from '../../domain/request.js';
import { INTAKE_FORMATS } from '../../domain/intake-submission.js';
import { MESSAGE_STATUSES } from '../../domain/sms.js';
import * as z from '../../zod.js';
import { idField } from '../schemas.js';
import { component, instant, level, page, post, requestAncestors } from './common.js';
import { requestFilterFields } from './request-filters.js';
import { requestPhotos, resolutionPhotos } from './uploads.js';

// ---- What the handlers validate ----

/** POST /requests. */
export const submitRequestBody = z.strictObject({
  householdId: z.optional(idField),
  category: z.string().check(z.minLength(1), z.maxLength(40)),
  description: z.string().check(z.trim(), z.minLength(2), z.maxLength(2000)),
  priority: z._default(z.enum(PRIORITIES), 'normal'),
  photos: requestPhotos,
});

/** GET /requests. */
export const listRequestsQuery = z.strictObject({
  status: z.optional(z.enum(REQUEST_STATUSES)),
  assignee: z.optional(idField),
  householdId: z.optional(idField),
  node: z.optional(idField),
  ...requestFilterFields,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string()),
});

const note = z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));

/** POST /requests/{id}/{action}: what each action takes; anything else in the body is refused, naming the field. */
export const actionBodies = {
  acknowledge: z.strictObject({ note: z.optional(note) }),
  resolve: z.strictObject({ note, photos: resolutionPhotos }),
  escalate: z.strictObject({ note: z.optional(note) }),
  dispatch: z.strictObject({ to: idField, note: z.optional(note) }),
  complete: z.strictObject({ note }),
  confirm: z.strictObject({
    rating: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
    note: z.optional(note),
  }),
  reject: z.strictObject({ note: z.optional(note) }),
  dismiss: z.strictObject({ note }),
  attach: z.strictObject({ householdId: idField, note: z.optional(note) }),
};
export type RequestAction = keyof typeof actionBodies;

export const requestAction = z.enum(Object.keys(actionBodies) as [RequestAction, ...RequestAction[]]);

/** The action routes' body as documented: any one action's (the path's `action` says which). */
export const actionBody = z.union(Object.values(actionBodies));

// ---- What they answer ----

const actor = z.object({
  kind: z.enum(['resident', 'leader', 'staff', 'system', 'partner']),
  id: z.string(),
  name: z.optional(z.string()),
});

const handlerRecord = z.object({
  personId: z.string(),
  name: z.string(),
  level,
  assignedAt: instant,
  acknowledgedAt: z.optional(instant),
  acknowledgedWithinSla: z.optional(z.boolean()),
  resolvedAt: z.optional(instant),
  resolvedWithinSla: z.optional(z.boolean()),
  missedDeadline: z.optional(z.boolean()),
});

const contact = z.object({ personId: z.string(), phone: z.string() });

const dispatch = z.object({
  provider: z.object({
    kind: z.enum(['staff', 'team']),
    id: z.string(),
    name: z.string(),
    contact,
    memberIds: z.array(z.string()),
  }),
  by: z.string(),
  at: instant,
  deadline: instant,
  note: z.optional(z.string()),
});

const intakeOrigin = z.object({
  partnerId: z.string(),
  channel: z.enum(INTAKE_FORMATS),
  externalId: z.string(),
  contactName: z.optional(z.string()),
  addressGiven: z.optional(z.string()),
  location: z.optional(z.object({ lat: z.number(), long: z.number() })),
});

const summaryShape = {
  id: z.string(),
  householdId: z.optional(z.string()),
  ancestors: requestAncestors,
  address: z.string(),
  category: z.string(),
  priority: z.enum(PRIORITIES),
  status: z.enum(REQUEST_STATUSES),
  level,
  assignee: z.optional(post),
  deadline: instant,
  overdue: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
  version: z.number(),
};

/** A request as listings show it. */
export const requestSummary = component(z.object(summaryShape), 'RequestSummary');

const timelineEvent = z.enum(TIMELINE_EVENTS);

/** A request as the caller sees it (phone numbers as docs/api.md's "Phone numbers" says). */
export const serviceRequest = component(
  z.object({
    ...summaryShape,
    submittedBy: actor,
    residentPhone: z.string(),
    intake: z.optional(intakeOrigin),
    description: z.string(),
    photos: z.array(z.string()),
    acknowledgeBy: z.optional(instant),
    resolveBy: z.optional(instant),
    reminderAt: z.optional(instant),
    handlers: z.array(handlerRecord),
    resolution: z.optional(
      z.object({ note: z.string(), by: z.string(), at: instant, photos: z.optional(z.array(z.string())) }),
    ),
    dispatch: z.optional(dispatch),
    rating: z.optional(z.number()),
    closedBy: z.optional(z.enum(['resident', 'auto', 'staff'])),
    reopenCount: z.number(),
    lastEvent: z.optional(
      z.object({ event: timelineEvent, actorId: z.string(), digest: z.optional(z.string()) }),
    ),
    submissionDigest: z.optional(z.string()),
  }),
  'ServiceRequest',
);

export const timelineEntry = component(
  z.object({
    version: z.number(),
    at: instant,
    event: timelineEvent,
    actor,
    level: z.optional(level),
    assigneeId: z.optional(z.string()),
    note: z.optional(z.string()),
    reason: z.optional(z.string()),
    requestId: z.optional(z.string()),
  }),
  'TimelineEntry',
);

/** An SMS the request caused: to whom (masked as the phone rule says) and when; its text only for those who serve the place. */
const message = z.object({
  key: z.string(),
  to: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  queuedAt: instant,
  sentAt: z.optional(instant),
  text: z.optional(z.string()),
});

/** GET /requests/{id}. */
export const requestHistory = component(
  z.object({ request: serviceRequest, timeline: z.array(timelineEntry), messages: z.array(message) }),
  'RequestHistory',
);

/** GET /requests. */
export const requestPage = component(page(requestSummary), 'RequestPage');
