import { INTAKE_FORMATS } from '../../domain/intake-submission.js';
import * as z from '../../zod.js';
import { idField, notEmpty, text } from '../schemas.js';
import { component, instant } from './common.js';

// ---- What the handlers validate ----

/** A form's field key, or for `json` a JSONPath (checked to parse when the partner is written). */
const fieldKey = z.string().check(z.minLength(1), z.maxLength(300));
const source = fieldKey;
const proof = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('url-token') }),
  z.strictObject({ type: z.literal('secret-value'), at: source }),
  z.strictObject({
    type: z.literal('signature'),
    algorithm: z.enum(['hmac-sha256', 'hmac-sha1', 'sha256', 'sha1']),
    encoding: z.enum(['hex', 'base64']),
    signature: source,
    prefix: z.optional(z.string().check(z.minLength(1), z.maxLength(20))),
    template: z.string().check(z.minLength(1), z.maxLength(200)),
    timestamp: z.optional(source),
    nonce: z.optional(source),
    windowSeconds: z.optional(z.number().check(z.int(), z.gte(0), z.lte(86_400))),
  }),
]);
const jsonConfig = z.strictObject({
  deliveryId: source,
  event: z.optional(
    z.strictObject({
      path: source,
      equals: z
        .array(z.string().check(z.minLength(1), z.maxLength(100)))
        .check(z.minLength(1), z.maxLength(10)),
    }),
  ),
  proof,
  handshake: z.optional(
    z.strictObject({
      when: source,
      equals: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
      echo: source,
      as: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
    }),
  ),
});
const category = z.string().check(z.minLength(1), z.maxLength(40));
const mapping = z.strictObject({
  category: z.optional(fieldKey),
  description: z.optional(z.array(fieldKey).check(z.minLength(1), z.maxLength(10))),
  phone: z.optional(fieldKey),
  name: z.optional(fieldKey),
  address: z.optional(fieldKey),
  building: z.optional(fieldKey),
  unit: z.optional(fieldKey),
  room: z.optional(fieldKey),
  householdId: z.optional(fieldKey),
  photos: z.optional(fieldKey),
  priority: z.optional(fieldKey),
  categoryValues: z.optional(z.record(fieldKey, category)),
});
/** A secret a product issued: long enough to be one. */
const secret = z.string().check(z.minLength(16), z.maxLength(200));
const scope = z.string().check(z.minLength(1), z.maxLength(64));

/** POST /partners. */
export const createPartnerBody = z.strictObject({
  id: idField,
  name: text(60),
  format: z.enum(INTAKE_FORMATS),
  scope,
  triageCommunityId: z.optional(idField),
  defaultCategory: category,
  mapping: z._default(mapping, {}),
  json: z.optional(jsonConfig),
  secret: z.optional(secret),
});

/** PATCH /partners/{id}. */
export const patchPartnerBody = z
  .strictObject({
    name: z.optional(text(60)),
    scope: z.optional(scope),
    triageCommunityId: z.optional(idField),
    defaultCategory: z.optional(category),
    mapping: z.optional(mapping),
    json: z.optional(jsonConfig),
    disabled: z.optional(z.boolean()),
  })
  .check(notEmpty);

/** POST /partners/{id}/secrets (the body is optional: without one, a secret is generated). */
export const secretBody = z.strictObject({ secret: z.optional(secret) });

/** GET /partners/{id}/rejections. */
export const rejectionsQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
});

// ---- What they answer ----

/** A partner as its admins see it: secrets by id and last characters only, API keys without their hash. */
export const partner = component(
  z.object({
    id: z.string(),
    name: z.string(),
    format: z.enum(INTAKE_FORMATS),
    scope: z.string(),
    triageCommunityId: z.string(),
    defaultCategory: z.string(),
    mapping,
    json: z.optional(jsonConfig),
    secrets: z.array(z.object({ id: z.string(), createdAt: instant, endsWith: z.string() })),
    apiKeys: z.array(z.object({ id: z.string(), createdAt: instant, revokedAt: z.optional(instant) })),
    disabled: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
    revision: z.number(),
  }),
  'Partner',
);

/** A new secret or API key is shown this once. */
const shownOnce = z.object({ id: z.string(), value: z.string() });

export const partnerWithSecret = z.object({ ...partner.shape, secret: shownOnce });
export const partnerWithApiKey = z.object({ ...partner.shape, apiKey: shownOnce });

export const partnerList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });

/** GET /partners/{id}/rejections: the latest refusals and the last 24 hours' counts. */
export const partnerRejections = z.object({
  items: z.array(
    z.object({
      partnerId: z.string(),
      at: instant,
      status: z.number(),
      reason: z.string(),
      bodyBytes: z.number(),
      sourceIp: z.optional(z.string()),
    }),
  ),
  hours: z.array(z.object({ hour: z.string(), refused: z.number() })),
});
