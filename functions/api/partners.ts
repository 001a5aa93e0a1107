import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import {
  createPartner,
  issuePartnerApiKey,
  partnerRejections,
  partnersOfDistrict,
  readPartner,
  retirePartnerSecret,
  revokePartnerApiKey,
  rotateSecret,
  updatePartner,
} from '../../shared/services/intake/manage-partners.js';
import {
  createPartnerBody,
  patchPartnerBody,
  rejectionsQuery,
  secretBody,
} from '../../shared/http/contract/partners.js';

/** The district's intake partners: form products and Open311 clients, their secrets and API keys. */
export const handler = apiRoutes<'partners'>({
  'POST /partners': async (event, access, deps) =>
    jsonResponse(201, await createPartner(deps, access, parseBody(createPartnerBody, event))),
  'GET /partners': async (_event, access, deps) =>
    jsonResponse(200, { items: await partnersOfDistrict(deps, access) }),
  'GET /partners/{id}': async (event, access, deps) =>
    jsonResponse(200, await readPartner(deps, access, pathParameter(event, 'id'))),
  'PATCH /partners/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await updatePartner(deps, access, pathParameter(event, 'id'), parseBody(patchPartnerBody, event)),
    ),
  'POST /partners/{id}/secrets': async (event, access, deps) => {
    const body = event.body ? parseBody(secretBody, event) : {};
    return jsonResponse(201, await rotateSecret(deps, access, pathParameter(event, 'id'), body.secret));
  },
  'DELETE /partners/{id}/secrets/{secretId}': async (event, access, deps) =>
    jsonResponse(
      200,
      await retirePartnerSecret(deps, access, pathParameter(event, 'id'), pathParameter(event, 'secretId')),
    ),
  'POST /partners/{id}/api-keys': async (event, access, deps) =>
    jsonResponse(201, await issuePartnerApiKey(deps, access, pathParameter(event, 'id'))),
  'DELETE /partners/{id}/api-keys/{keyId}': async (event, access, deps) =>
    jsonResponse(
      200,
      await revokePartnerApiKey(deps, access, pathParameter(event, 'id'), pathParameter(event, 'keyId')),
    ),
  'GET /partners/{id}/rejections': async (event, access, deps) => {
    const { limit } = parseWith(rejectionsQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, await partnerRejections(deps, access, pathParameter(event, 'id'), limit));
  },
});
