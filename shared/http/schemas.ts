import { ID_PATTERN, ID_RULE, PHONE_PATTERN, PHONE_RULE } from '../domain/hierarchy-rules.js';
import * as z from '../zod.js';

/** Field schemas the handlers share. An id is short ASCII: well inside DynamoDB's key limits with any prefix. */
export const idField = z.string().check(z.regex(ID_PATTERN, ID_RULE));
export const phoneField = z.string().check(z.regex(PHONE_PATTERN, PHONE_RULE));
/** An e-mail address (at most 254 characters, the SMTP limit). */
export const emailField = z.email('must be an e-mail address').check(z.maxLength(254));
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

// C0 and C1 controls and DEL: no id, key or filter of ours has one, and a log line must not either.
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Any string a caller sends that may reach a table key: at most `maxBytes` of UTF-8 (DynamoDB
 * counts bytes: 2,048 for a partition key, 1,024 for a sort key), well-formed Unicode, no
 * control characters. The bound every path and query parameter is held to before any handler runs.
 */
export const boundedString = (maxBytes: number) =>
  z.string().check(
    z.refine((value) => Buffer.byteLength(value, 'utf8') <= maxBytes, `must be at most ${maxBytes} bytes`),
    z.refine((value) => value.isWellFormed(), 'must be well-formed Unicode'),
    z.refine((value) => !CONTROL_CHARACTER.test(value), 'must not contain control characters'),
  );
