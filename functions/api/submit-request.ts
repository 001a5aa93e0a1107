import { apiHandler } from '../../shared/runtime/api-handler.js';
import { parseJsonBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { submitRequest } from '../../shared/services/lifecycle/raise-request.js';
import { submitRequestBody } from '../../shared/http/contract/requests.js';
import { optionalIdempotencyKey } from '../../shared/http/contract/common.js';

/** POST /requests: a resident (or staff on their behalf) raises a request. */
export const handler = apiHandler(async (event, access, deps) => {
  const input = parseWith(submitRequestBody, parseJsonBody(event.body, event.isBase64Encoded), 'body');
  const key = parseWith(optionalIdempotencyKey, event.headers['idempotency-key'], 'Idempotency-Key');
  const { request, created } = await submitRequest(deps, access, input, key);
  return jsonResponse(created ? 201 : 200, request);
});
