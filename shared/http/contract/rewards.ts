import * as z from '../../zod.js';
import { REDEMPTION_STATUSES, REWARD_STATUSES } from '../../domain/reward-rules.js';
import { idField, notEmpty, text } from '../schemas.js';
import { component, instant, page } from './common.js';

// ---- What the handlers validate ----

const price = z.number().check(z.int(), z.gte(1), z.lte(100_000));
const stock = z.number().check(z.int(), z.gte(0), z.lte(100_000));

/** POST /rewards. */
export const createRewardBody = z.strictObject({
  id: idField,
  name: text(60),
  pricePoints: price,
  stock,
  scope: idField,
});

/** PATCH /rewards/{id}. */
export const patchRewardBody = z
  .strictObject({
    name: z.optional(text(60)),
    pricePoints: z.optional(price),
    stock: z.optional(stock),
    status: z.optional(z.enum(REWARD_STATUSES)),
  })
  .check(notEmpty);

/** GET /redemptions. */
export const redemptionsQuery = z.strictObject({
  scope: z.optional(idField),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(z.string()),
});

/** GET /rewards. */
export const catalogueQuery = z.strictObject({ scope: idField });

// ---- What they answer ----

export const reward = component(
  z.object({
    id: z.string(),
    name: z.string(),
    pricePoints: z.number(),
    stock: z.number(),
    scope: z.string(),
    status: z.enum(REWARD_STATUSES),
    setBy: z.optional(z.string()),
    createdAt: instant,
    updatedAt: instant,
  }),
  'Reward',
);

/** GET /rewards: a catalogue (a community's, or `district`). */
export const catalogue = component(z.object({ scope: z.string(), items: z.array(reward) }), 'Catalogue');

export const redemption = component(
  z.object({
    id: z.string(),
    rewardId: z.string(),
    rewardName: z.string(),
    scope: z.string(),
    personId: z.string(),
    pricePoints: z.number(),
    status: z.enum(REDEMPTION_STATUSES),
    transferId: z.string(),
    refundTransferId: z.optional(z.string()),
    createdAt: instant,
    updatedAt: instant,
    by: z.optional(z.string()),
    requestDigest: z.optional(z.string()),
  }),
  'Redemption',
);

export const redemptionPage = component(page(redemption), 'RedemptionPage');
