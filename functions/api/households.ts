import { z } from '../../shared/zod.js';
import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { householdSearchQuery } from '../../shared/http/contract/household-search.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idField, notEmpty, phoneField, text } from '../../shared/http/schemas.js';
import {
  createHousehold,
  deleteHousehold,
  readHousehold,
  updateHousehold,
} from '../../shared/services/hierarchy/manage-households.js';
import { searchHouseholds } from '../../shared/services/hierarchy/search-households.js';

const resident = z.strictObject({
  personId: idField,
  name: text(40),
  phone: phoneField,
  relation: text(20),
});
const need = z.strictObject({ what: text(40), note: z.optional(text(200)) });
const file = {
  room: text(20),
  address: z.optional(text(100)),
  residents: z.array(resident).check(z.minLength(1), z.maxLength(20)),
  tags: z.array(text(20)).check(z.maxLength(20)),
  needs: z.array(need).check(z.maxLength(20)),
};

const createBody = z.strictObject({
  id: idField,
  unitId: idField,
  ...file,
  tags: z._default(file.tags, []),
  needs: z._default(file.needs, []),
});
const patchBody = z
  .strictObject({
    room: z.optional(file.room),
    address: z.optional(file.address),
    residents: z.optional(file.residents),
    tags: z.optional(file.tags),
    needs: z.optional(file.needs),
  })
  .check(notEmpty);

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
    jsonResponse(201, await createHousehold(deps, access, parseBody(createBody, event))),
  'GET /households/{id}': async (event, access, deps) =>
    jsonResponse(200, await readHousehold(deps, access, pathParameter(event, 'id'))),
  'PATCH /households/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await updateHousehold(deps, access, pathParameter(event, 'id'), parseBody(patchBody, event)),
    ),
  'DELETE /households/{id}': async (event, access, deps) => {
    await deleteHousehold(deps, access, pathParameter(event, 'id'));
    return { statusCode: 204 };
  },
});
