import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { householdSearchQuery } from '../../shared/http/contract/household-search.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import {
  createHousehold,
  deleteHousehold,
  readHousehold,
  updateHousehold,
} from '../../shared/services/hierarchy/manage-households.js';
import { createHouseholdBody, patchHouseholdBody } from '../../shared/http/contract/households.js';
import { searchHouseholds } from '../../shared/services/hierarchy/search-households.js';

/** Household records (一户一档): members, the tags that matter for service, and service needs. */
export const handler = apiRoutes<'households'>({
  'GET /households': async (event, access, deps) =>
    jsonResponse(
      200,
      await searchHouseholds(
        deps,
        access,
        parseWith(householdSearchQuery, event.queryStringParameters ?? {}, 'query'),
      ),
    ),
  'POST /households': async (event, access, deps) =>
    jsonResponse(201, await createHousehold(deps, access, parseBody(createHouseholdBody, event))),
  'GET /households/{id}': async (event, access, deps) =>
    jsonResponse(200, await readHousehold(deps, access, pathParameter(event, 'id'))),
  'PATCH /households/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await updateHousehold(deps, access, pathParameter(event, 'id'), parseBody(patchHouseholdBody, event)),
    ),
  'DELETE /households/{id}': async (event, access, deps) => {
    await deleteHousehold(deps, access, pathParameter(event, 'id'));
    return { statusCode: 204 };
  },
});
