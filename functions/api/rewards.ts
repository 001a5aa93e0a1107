import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import {
  addReward,
  cancel,
  catalogue,
  changeReward,
  fulfil,
  redeem,
  redemptions,
} from '../../shared/services/points/reward-exchange.js';
import {
  catalogueQuery,
  createRewardBody,
  patchRewardBody,
  redemptionsQuery,
} from '../../shared/http/contract/rewards.js';
import { optionalIdempotencyKey } from '../../shared/http/contract/common.js';

/** The rewards catalogue, redemption by leaders, and its fulfilment or cancellation by staff. */
export const handler = apiRoutes<'rewards'>({
  'POST /rewards': async (event, access, deps) =>
    jsonResponse(201, await addReward(deps, access, parseBody(createRewardBody, event))),
  'GET /redemptions': async (event, access, deps) =>
    jsonResponse(
      200,
      await redemptions(
        deps,
        access,
        parseWith(redemptionsQuery, event.queryStringParameters ?? {}, 'query'),
      ),
    ),
  'GET /rewards': async (event, _access, deps) => {
    const { scope } = parseWith(catalogueQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, await catalogue(deps, scope));
  },
  'PATCH /rewards/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await changeReward(deps, access, pathParameter(event, 'id'), parseBody(patchRewardBody, event)),
    ),
  'POST /rewards/{id}/redeem': async (event, access, deps) => {
    const key = parseWith(optionalIdempotencyKey, event.headers['idempotency-key'], 'Idempotency-Key');
    const { created, redemption } = await redeem(deps, access, pathParameter(event, 'id'), key);
    return jsonResponse(created ? 201 : 200, redemption);
  },
  'POST /redemptions/{id}/fulfil': async (event, access, deps) =>
    jsonResponse(200, await fulfil(deps, access, pathParameter(event, 'id'))),
  'POST /redemptions/{id}/cancel': async (event, access, deps) =>
    jsonResponse(200, await cancel(deps, access, pathParameter(event, 'id'))),
});
