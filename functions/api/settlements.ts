import { apiRoutes, pathParameter } from '../../shared/http/api-handler.js';
import { jsonResponse } from '../../shared/http/problem.js';
import {
  leaderboard,
  readStatements,
  requestSettlement,
  summaryCsv,
} from '../../shared/settlement/settlement-views.js';

/** The monthly settlement: statements, leaderboards, the district summary, settling on demand. */
export const handler = apiRoutes<'settlements'>({
  'GET /statements/{month}': async (event, access, deps) => {
    const personId = event.queryStringParameters?.personId ?? access.personId;
    return jsonResponse(200, await readStatements(deps, access, pathParameter(event, 'month'), personId));
  },
  'GET /leaderboards/{month}': async (event, _access, deps) =>
    jsonResponse(
      200,
      await leaderboard(deps, pathParameter(event, 'month'), event.queryStringParameters?.community),
    ),
  'GET /settlements/{month}/summary.csv': async (event, access, deps) => {
    const month = pathParameter(event, 'month');
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="settlement-${month}.csv"`,
      },
      body: await summaryCsv(deps, access, month),
    };
  },
  'POST /settlements/{month}': async (event, access, deps) =>
    jsonResponse(202, await requestSettlement(deps, access, pathParameter(event, 'month'))),
});
