import { apiHandler } from '../../shared/runtime/api-handler.js';
import { parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { listRequestsFor } from '../../shared/services/lifecycle/read-requests.js';
import { listRequestsQuery } from '../../shared/http/contract/requests.js';

/**
 * GET /requests?status=&assignee=&node=&householdId=&category=&priority=&level=&overdue=&limit=&cursor=:
 * one page of requests the caller may see.
 */
export const handler = apiHandler(async (event, access, deps) =>
  jsonResponse(
    200,
    await listRequestsFor(
      deps,
      access,
      parseWith(listRequestsQuery, event.queryStringParameters ?? {}, 'query'),
    ),
  ),
);
