import { apiHandler } from '../../shared/runtime/api-handler.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { readRequest } from '../../shared/services/lifecycle/read-requests.js';

/** GET /requests/{id}: the request with its whole timeline and the messages it caused. */
export const handler = apiHandler(async (event, access, deps) =>
  jsonResponse(200, await readRequest(deps, access, event.pathParameters?.id ?? '')),
);
