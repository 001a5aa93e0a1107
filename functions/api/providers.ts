import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import {
  providersServing,
  readProvider,
  registerProvider,
} from '../../shared/services/lifecycle/manage-providers.js';
import { createProviderBody, providersQuery } from '../../shared/http/contract/providers.js';

/** The ten staff (十员) and volunteer teams a leader can dispatch requests to. */
export const handler = apiRoutes<'providers'>({
  'POST /providers': async (event, access, deps) =>
    jsonResponse(201, await registerProvider(deps, access, parseBody(createProviderBody, event))),
  'GET /providers': async (event, access, deps) => {
    const { node } = parseWith(providersQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, { items: await providersServing(deps, access, node) });
  },
  'GET /providers/{id}': async (event, access, deps) =>
    jsonResponse(200, await readProvider(deps, access, pathParameter(event, 'id'))),
});
