import { z } from '../../shared/zod.js';
import { apiHandler } from '../../shared/runtime/api-handler.js';
import { parseJsonBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idField } from '../../shared/http/schemas.js';
import { resolutionPhotos } from '../../shared/http/contract/uploads.js';
import { actOnRequest } from '../../shared/services/lifecycle/request-actions.js';

const note = z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));

/** What each action takes; anything else in the body is refused, naming the field. */
const bodies = {
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
  attach: z.strictObject({
    householdId: idField,
    note: z.optional(note),
  }),
};

const action = z.enum(Object.keys(bodies) as [keyof typeof bodies, ...(keyof typeof bodies)[]]);

/**
 * POST /requests/{id}/{action}: the leader acknowledges, resolves, escalates or dispatches; the
 * dispatched staff or team completes; the resident confirms or rejects; community staff attach a
 * request in triage to its household, or dismiss it (spam, a duplicate) with a reason.
 */
export const handler = apiHandler(async (event, access, deps) => {
  const verb = parseWith(action, event.pathParameters?.action, 'action');
  const raw = event.body ? parseJsonBody(event.body, event.isBase64Encoded) : {};
  const body = parseWith(bodies[verb], raw, 'body');
  const requestId = event.pathParameters?.id ?? '';
  return jsonResponse(200, await actOnRequest(deps, access, requestId, verb, body));
});
