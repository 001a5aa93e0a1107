import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import {
  leaderboard,
  readStatements,
  requestSettlement,
  summaryCsv,
} from '../../shared/services/settlement/settlement-views.js';
import { leaderboardQuery, statementsQuery } from '../../shared/http/contract/settlements.js';

/** The monthly settlement: statements, leaderboards, the district summary, settling on demand. */
export const handler = apiRoutes<'settlements'>({
  'GET /statements/{month}': async (event, access, deps) => {
    const query = parseWith(statementsQuery, event.queryStringParameters ?? {}, 'query');
    const personId = query.personId ?? access.personId;
    return jsonResponse(200, await readStatements(deps, access, pathParameter(event, 'month'), personId));
  },
  'GET /leaderboards/{month}': async (event, _access, deps) => {
    const { community } = parseWith(leaderboardQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, await leaderboard(deps, pathParameter(event, 'month'), community));
  },
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
