import { apiHandler } from '../../shared/runtime/api-handler.js';
import { requestStatsQuery } from '../../shared/http/contract/stats.js';
import { parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { requestStats } from '../../shared/services/stats/request-stats.js';

/** GET /stats/requests?from=&to=&node=: the charts' figures, for community, street and district staff. */
export const handler = apiHandler(async (event, access, deps) =>
  jsonResponse(
    200,
    await requestStats(
      deps,
      access,
      parseWith(requestStatsQuery, event.queryStringParameters ?? {}, 'query'),
    ),
  ),
);
