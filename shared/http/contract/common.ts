import { LEVELS } from '../../config/vocabulary.js';
import * as z from '../../zod.js';
import { idempotencyKey } from '../schemas.js';

/** What a shared response schema is called in the document (`components.schemas.<id>`). */
export interface ComponentMeta {
  id: string;
  description?: string;
}

/** The response schemas shared by several routes: the document lists each once and refers to it. */
export const components = z.registry<ComponentMeta>();

/** Registers a response schema as a named component and returns it. */
export function component<Schema extends z.ZodMiniType>(schema: Schema, id: string, description?: string) {
  components.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** An ISO 8601 instant as the API writes it (`2026-11-23T02:30:00.000Z`). */
export const instant = z.string();

export const level = z.enum(LEVELS);

const ancestorIds = {
  street: z.optional(z.string()),
  community: z.optional(z.string()),
  grid: z.optional(z.string()),
  building: z.optional(z.string()),
  unit: z.optional(z.string()),
};

/** The ids of a place's ancestors, by level. */
export const ancestors = component(
  z.object(ancestorIds),
  'Ancestors',
  "The ids of a place's ancestors, by level.",
);

/** A request's place: its street and community always (a request in triage has no more). */
export const requestAncestors = component(
  z.object({ ...ancestorIds, street: z.string(), community: z.string() }),
  'RequestAncestors',
);

/** A household's place: all five levels. */
export const householdAncestors = component(
  z.object({
    street: z.string(),
    community: z.string(),
    grid: z.string(),
    building: z.string(),
    unit: z.string(),
  }),
  'HouseholdAncestors',
);

/** A post's holder (单元长, 楼栋长 …); the phone masked (138****5678) for those who do not serve the place. */
export const post = component(
  z.object({
    holderId: z.string(),
    holderName: z.string(),
    holderPhone: z.string(),
    away: z.optional(z.boolean()),
  }),
  'Post',
);

/** One page of a listing: `nextCursor` is there while there is more. */
export const page = <Item extends z.ZodMiniType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

/** RFC 9457 problem details, the body of every error a handler answers. */
export const problem = component(
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.string(),
    instance: z.string(),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    retryAfterSeconds: z.optional(z.number()),
    stored: z.optional(z.unknown()),
  }),
  'Problem',
  'RFC 9457 problem details; `errors` names each field that is wrong, `stored` carries what a conflicting retry found.',
);

/** API Gateway's own answers (no such route, no or bad token, a body over the quota): not problem+json. */
export const gatewayMessage = component(z.object({ message: z.string() }), 'GatewayMessage');

/** The Idempotency-Key header of a route that requires one, and of a route that takes one if sent. */
export const requiredIdempotencyKey = idempotencyKey;
export const optionalIdempotencyKey = z.optional(idempotencyKey);
