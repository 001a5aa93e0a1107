import { z } from '../../shared/zod.js';
import { PRIORITIES } from '../../shared/config/vocabulary.js';
import { apiHandler } from '../../shared/runtime/api-handler.js';
import { parseJsonBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idempotencyKey, idField } from '../../shared/http/schemas.js';
import { requestPhotos } from '../../shared/http/contract/uploads.js';
import { submitRequest } from '../../shared/services/lifecycle/raise-request.js';

const body = z.strictObject({
  householdId: z.optional(idField),
  category: z.string().check(z.minLength(1), z.maxLength(40)),
  description: z.string().check(z.trim(), z.minLength(2), z.maxLength(2000)),
  priority: z._default(z.enum(PRIORITIES), 'normal'),
  photos: requestPhotos,
});

/** POST /requests: a resident (or staff on their behalf) raises a request. */
export const handler = apiHandler(async (event, access, deps) => {
  const input = parseWith(body, parseJsonBody(event.body, event.isBase64Encoded), 'body');
  const key = parseWith(z.optional(idempotencyKey), event.headers['idempotency-key'], 'Idempotency-Key');
  const { request, created } = await submitRequest(deps, access, input, key);
  return jsonResponse(created ? 201 : 200, request);
});
