import { apiRoutes, pathParameter, type ApiEvent } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import {
  giveAward,
  logVolunteerHours,
  readAccount,
  readAwardAllowance,
} from '../../shared/services/points/accounts.js';
import type { Access } from '../../shared/domain/access.js';
import type { Dependencies } from '../../shared/runtime/dependencies.js';
import { accountQuery, awardBody, hoursBody } from '../../shared/http/contract/points.js';
import { optionalIdempotencyKey, requiredIdempotencyKey } from '../../shared/http/contract/common.js';

const account = (event: ApiEvent, access: Access, deps: Dependencies, personId: string) => {
  const page = parseWith(accountQuery, event.queryStringParameters ?? {}, 'query');
  return readAccount(deps, access, personId, page);
};

/** Service points: a leader's account, one-off awards (and a giver's monthly allowance) and volunteer hours. */
export const handler = apiRoutes<'points'>({
  // The caller's own account also carries their grants: the pages show only what the caller may do.
  'GET /accounts/me': async (event, access, deps) =>
    jsonResponse(200, { ...(await account(event, access, deps, access.personId)), grants: access.grants }),
  'GET /accounts/{personId}': async (event, access, deps) =>
    jsonResponse(200, await account(event, access, deps, pathParameter(event, 'personId'))),
  'POST /points/awards': async (event, access, deps) => {
    const input = parseBody(awardBody, event);
    const key = parseWith(requiredIdempotencyKey, event.headers['idempotency-key'], 'Idempotency-Key');
    const { created, transfer } = await giveAward(deps, access, input, key);
    return jsonResponse(created ? 201 : 200, transfer);
  },
  'GET /points/awards/allowance': async (_event, access, deps) =>
    jsonResponse(200, await readAwardAllowance(deps, access)),
  'POST /points/volunteer-hours': async (event, access, deps) => {
    const input = parseBody(hoursBody, event);
    const key = parseWith(optionalIdempotencyKey, event.headers['idempotency-key'], 'Idempotency-Key');
    const { created, transfer } = await logVolunteerHours(deps, access, input, key);
    return jsonResponse(created ? 201 : 200, transfer);
  },
});
