import { z } from '../../shared/zod.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { parseJsonBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { actOnRequest } from '../../shared/lifecycle/act-on-request.js';

const action = z.enum(['acknowledge', 'resolve', 'escalate', 'confirm', 'reject']);

const details = z.strictObject({
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
  rating: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
});

/** POST /requests/{id}/{action}: a leader acknowledges, resolves or escalates; the resident confirms or rejects. */
export const handler = apiHandler(async (event, access, deps) => {
  const verb = parseWith(action, event.pathParameters?.action, 'action');
  const body = event.body ? parseWith(details, parseJsonBody(event.body, event.isBase64Encoded), 'body') : {};
  if (verb === 'resolve' && !body.note) {
    parseWith(z.strictObject({ note: z.string() }), {}, 'body');
  }
  if (body.rating !== undefined && verb !== 'confirm') {
    parseWith(z.strictObject({ rating: z.undefined() }), { rating: body.rating }, 'body');
  }
  const requestId = event.pathParameters?.id ?? '';
  return jsonResponse(200, await actOnRequest(deps, access, requestId, verb, body));
});
