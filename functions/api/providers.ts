import { z } from '../../shared/zod.js';
import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idField, text } from '../../shared/http/schemas.js';
import {
  providersServing,
  readProvider,
  registerProvider,
} from '../../shared/services/lifecycle/manage-providers.js';

const createBody = z.strictObject({
  id: idField,
  kind: z.enum(['staff', 'team']),
  name: text(40),
  scope: idField,
  memberIds: z.array(idField).check(z.minLength(1), z.maxLength(50)),
  contactId: z.optional(idField),
  specialities: z
    .array(z.string().check(z.minLength(1), z.maxLength(40)))
    .check(z.minLength(1), z.maxLength(20)),
});

const listQuery = z.strictObject({ node: idField });

/** The ten staff (十员) and volunteer teams a leader can dispatch requests to. */
export const handler = apiRoutes<'providers'>({
  'POST /providers': async (event, access, deps) =>
    jsonResponse(201, await registerProvider(deps, access, parseBody(createBody, event))),
  'GET /providers': async (event, access, deps) => {
    const { node } = parseWith(listQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, { items: await providersServing(deps, access, node) });
  },
  'GET /providers/{id}': async (event, access, deps) =>
    jsonResponse(200, await readProvider(deps, access, pathParameter(event, 'id'))),
});
