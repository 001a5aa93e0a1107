import { apiRoutes } from '../../shared/runtime/api-handler.js';
import { parseBody } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { regrid } from '../../shared/services/hierarchy/moves.js';
import { regridBody } from '../../shared/http/contract/nodes.js';

/** Re-gridding: buildings move to another grid in one operation, their open requests with them. */
export const handler = apiRoutes<'regrid'>({
  'POST /regrid': async (event, access, deps) =>
    jsonResponse(200, await regrid(deps, access, parseBody(regridBody, event))),
});
