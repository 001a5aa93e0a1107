import { z } from '../../shared/zod.js';
import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idField, notEmpty, text } from '../../shared/http/schemas.js';
import {
  createPartner,
  issuePartnerApiKey,
  partnerRejections,
  partnersOfDistrict,
  readPartner,
  retirePartnerSecret,
  revokePartnerApiKey,
  rotateSecret,
  updatePartner,
} from '../../shared/services/intake/manage-partners.js';
import { INTAKE_FORMATS } from '../../shared/domain/intake-submission.js';

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

const createBody = z.strictObject({
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

const patchBody = z
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

const secretBody = z.strictObject({ secret: z.optional(secret) });
const rejectionsQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
});

/** The district's intake partners: form products and Open311 clients, their secrets and API keys. */
export const handler = apiRoutes<'partners'>({
  'POST /partners': async (event, access, deps) =>
    jsonResponse(201, await createPartner(deps, access, parseBody(createBody, event))),
  'GET /partners': async (_event, access, deps) =>
    jsonResponse(200, { items: await partnersOfDistrict(deps, access) }),
  'GET /partners/{id}': async (event, access, deps) =>
    jsonResponse(200, await readPartner(deps, access, pathParameter(event, 'id'))),
  'PATCH /partners/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await updatePartner(deps, access, pathParameter(event, 'id'), parseBody(patchBody, event)),
    ),
  'POST /partners/{id}/secrets': async (event, access, deps) => {
    const body = event.body ? parseBody(secretBody, event) : {};
    return jsonResponse(201, await rotateSecret(deps, access, pathParameter(event, 'id'), body.secret));
  },
  'DELETE /partners/{id}/secrets/{secretId}': async (event, access, deps) =>
    jsonResponse(
      200,
      await retirePartnerSecret(deps, access, pathParameter(event, 'id'), pathParameter(event, 'secretId')),
    ),
  'POST /partners/{id}/api-keys': async (event, access, deps) =>
    jsonResponse(201, await issuePartnerApiKey(deps, access, pathParameter(event, 'id'))),
  'DELETE /partners/{id}/api-keys/{keyId}': async (event, access, deps) =>
    jsonResponse(
      200,
      await revokePartnerApiKey(deps, access, pathParameter(event, 'id'), pathParameter(event, 'keyId')),
    ),
  'GET /partners/{id}/rejections': async (event, access, deps) => {
    const { limit } = parseWith(rejectionsQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, await partnerRejections(deps, access, pathParameter(event, 'id'), limit));
  },
});
