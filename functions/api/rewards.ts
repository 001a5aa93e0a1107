import { z } from '../../shared/zod.js';
import { REWARD_STATUSES } from '../../shared/domain/reward-rules.js';
import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idempotencyKey, idField, notEmpty, text } from '../../shared/http/schemas.js';
import {
  addReward,
  cancel,
  catalogue,
  changeReward,
  fulfil,
  redeem,
  redemptions,
} from '../../shared/services/points/reward-exchange.js';

const price = z.number().check(z.int(), z.gte(1), z.lte(100_000));
const stock = z.number().check(z.int(), z.gte(0), z.lte(100_000));

const createBody = z.strictObject({ id: idField, name: text(60), pricePoints: price, stock, scope: idField });
const patchBody = z
  .strictObject({
    name: z.optional(text(60)),
    pricePoints: z.optional(price),
    stock: z.optional(stock),
    status: z.optional(z.enum(REWARD_STATUSES)),
  })
  .check(notEmpty);
const redemptionsQuery = z.strictObject({
  scope: z.optional(idField),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(z.string()),
});

const listQuery = z.strictObject({ scope: idField });

/** The rewards catalogue, redemption by leaders, and its fulfilment or cancellation by staff. */
export const handler = apiRoutes<'rewards'>({
  'POST /rewards': async (event, access, deps) =>
    jsonResponse(201, await addReward(deps, access, parseBody(createBody, event))),
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
    const { scope } = parseWith(listQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, await catalogue(deps, scope));
  },
  'PATCH /rewards/{id}': async (event, access, deps) =>
    jsonResponse(
      200,
      await changeReward(deps, access, pathParameter(event, 'id'), parseBody(patchBody, event)),
    ),
  'POST /rewards/{id}/redeem': async (event, access, deps) => {
    const key = parseWith(z.optional(idempotencyKey), event.headers['idempotency-key'], 'Idempotency-Key');
    const { created, redemption } = await redeem(deps, access, pathParameter(event, 'id'), key);
    return jsonResponse(created ? 201 : 200, redemption);
  },
  'POST /redemptions/{id}/fulfil': async (event, access, deps) =>
    jsonResponse(200, await fulfil(deps, access, pathParameter(event, 'id'))),
  'POST /redemptions/{id}/cancel': async (event, access, deps) =>
    jsonResponse(200, await cancel(deps, access, pathParameter(event, 'id'))),
});
