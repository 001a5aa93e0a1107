import { z } from '../../shared/zod.js';
import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idField, notEmpty, phoneField, text } from '../../shared/http/schemas.js';
import { createPerson, readPerson, updatePerson } from '../../shared/services/hierarchy/manage-people.js';

const createBody = z.strictObject({ id: idField, name: text(40), phone: phoneField });
const patchBody = z
  .strictObject({ name: z.optional(text(40)), phone: z.optional(phoneField) })
  .check(notEmpty);

/** The district's roster of people: who can be appointed to a post. */
export const handler = apiRoutes<'people'>({
  'POST /people': async (event, access, deps) =>
    jsonResponse(201, await createPerson(deps, access, parseBody(createBody, event))),
  'GET /people/{id}': async (event, access, deps) =>
    jsonResponse(200, await readPerson(deps, access, pathParameter(event, 'id'))),
  'PATCH /people/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await updatePerson(deps, access, pathParameter(event, 'id'), parseBody(patchBody, event)),
    ),
});
