import { apiHandler } from '../../shared/runtime/api-handler.js';
import { parseJsonBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { actOnRequest } from '../../shared/services/lifecycle/request-actions.js';
import { actionBodies, requestAction } from '../../shared/http/contract/requests.js';

/**
 * POST /requests/{id}/{action}: the leader acknowledges, resolves, escalates or dispatches; the
 * dispatched staff or team completes; the resident confirms or rejects; community staff attach a
 * request in triage to its household, or dismiss it (spam, a duplicate) with a reason.
 */
export const handler = apiHandler(async (event, access, deps) => {
  const verb = parseWith(requestAction, event.pathParameters?.action, 'action');
  const raw = event.body ? parseJsonBody(event.body, event.isBase64Encoded) : {};
  const body = parseWith(actionBodies[verb], raw, 'body');
  const requestId = event.pathParameters?.id ?? '';
  return jsonResponse(200, await actOnRequest(deps, access, requestId, verb, body));
});
