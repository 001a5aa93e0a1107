import { NODE_TYPES } from '../../domain/hierarchy.js';
import * as z from '../../zod.js';
import { emailField, idField, notEmpty, phoneField, text } from '../schemas.js';
import { component } from './common.js';

// ---- What the handlers validate ----

/** POST /people. */
export const createPersonBody = z.strictObject({
  id: idField,
  name: text(40),
  phone: phoneField,
  email: z.optional(emailField),
});

/** PATCH /people/{id}: `email: null` removes the address. */
export const patchPersonBody = z
  .strictObject({
    name: z.optional(text(40)),
    phone: z.optional(phoneField),
    email: z.optional(z.nullable(emailField)),
  })
  .check(notEmpty);

// ---- What they answer ----

/** A person of the roster with the posts they hold (the phone masked outside the phone rule). */
export const person = component(
  z.object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    /** Masked like the phone outside the phone rule. */
    email: z.optional(z.string()),
    posts: z.array(z.object({ nodeId: z.string(), type: z.enum(NODE_TYPES), name: z.optional(z.string()) })),
  }),
  'Person',
);

/** PATCH /people/{id}: the person, and how many posts and open requests took the new name or phone. */
export const personUpdated = z.object({
  ...person.shape,
  updated: z.object({ posts: z.number(), requests: z.number() }),
});
