import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { createPerson, readPerson, updatePerson } from '../../shared/services/hierarchy/manage-people.js';
import { createPersonBody, patchPersonBody } from '../../shared/http/contract/people.js';

/** The district's roster of people: who can be appointed to a post. */
export const handler = apiRoutes<'people'>({
  'POST /people': async (event, access, deps) =>
    jsonResponse(201, await createPerson(deps, access, parseBody(createPersonBody, event))),
  'GET /people/{id}': async (event, access, deps) =>
    jsonResponse(200, await readPerson(deps, access, pathParameter(event, 'id'))),
  'PATCH /people/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await updatePerson(deps, access, pathParameter(event, 'id'), parseBody(patchPersonBody, event)),
    ),
});
