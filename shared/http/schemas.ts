import { ID_PATTERN, ID_RULE, PHONE_PATTERN, PHONE_RULE } from '../domain/hierarchy-rules.js';
import { z } from '../zod.js';

/** Field schemas the hierarchy's handlers share. */
export const idField = z.string().check(z.regex(ID_PATTERN, ID_RULE));
export const phoneField = z.string().check(z.regex(PHONE_PATTERN, PHONE_RULE));
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A PATCH must change something. */
export const notEmpty = z.refine(
  (patch: unknown) => typeof patch === 'object' && patch !== null && Object.keys(patch).length > 0,
  'give at least one field to change',
);

export const pageQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(250)), 50),
  cursor: z.optional(z.string()),
});

/** A client's Idempotency-Key header: a retry with the same key does nothing twice. */
export const idempotencyKey = z
  .string()
  .check(z.regex(/^[\w-]{8,64}$/, 'must be 8–64 letters, digits, - or _'));
