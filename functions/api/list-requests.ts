import { z } from '../../shared/zod.js';
import { REQUEST_STATUSES } from '../../shared/domain/request.js';
import { apiHandler } from '../../shared/runtime/api-handler.js';
import { parseWith } from '../../shared/http/parse.js';
import { idField } from '../../shared/http/schemas.js';
import { requestFilterFields } from '../../shared/http/contract/request-filters.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { listRequestsFor } from '../../shared/services/lifecycle/read-requests.js';

const query = z.strictObject({
  status: z.optional(z.enum(REQUEST_STATUSES)),
  assignee: z.optional(idField),
  householdId: z.optional(idField),
  node: z.optional(idField),
  ...requestFilterFields,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string()),
});

/**
 * GET /requests?status=&assignee=&node=&householdId=&category=&priority=&level=&overdue=&limit=&cursor=:
 * one page of requests the caller may see.
 */
export const handler = apiHandler(async (event, access, deps) =>
  jsonResponse(
    200,
    await listRequestsFor(deps, access, parseWith(query, event.queryStringParameters ?? {}, 'query')),
  ),
);
