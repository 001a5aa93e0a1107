import * as z from '../../zod.js';
import { idField } from '../schemas.js';
import { component } from './common.js';

// ---- What the handlers validate ----

/** GET /statements/{month}. */
export const statementsQuery = z.strictObject({ personId: z.optional(idField) });
/** GET /leaderboards/{month}. */
export const leaderboardQuery = z.strictObject({ community: z.optional(idField) });

// ---- What they answer ----

/** A leader's month in one community: points, what earned them, SLA compliance, ratings, rank and bonus. */
export const statement = component(
  z.object({
    month: z.string(),
    communityId: z.string(),
    personId: z.string(),
    name: z.optional(z.string()),
    points: z.number(),
    earnedByReason: z.record(z.string(), z.number()),
    requestsHandled: z.number(),
    slaCompliance: z.nullable(z.number()),
    averageRating: z.nullable(z.number()),
    balance: z.number(),
    communityRank: z.number(),
    districtRank: z.optional(z.number()),
    bonus: z.number(),
  }),
  'Statement',
);

export const statements = z.object({ month: z.string(), personId: z.string(), items: z.array(statement) });

/** A community's ranks (every statement, best first), or the district's top 100. */
export const leaderboard = component(
  z.object({
    month: z.string(),
    community: z.optional(z.string()),
    items: z.array(
      z.object({
        personId: z.string(),
        name: z.optional(z.string()),
        communityId: z.optional(z.string()),
        points: z.number(),
        rank: z.number(),
      }),
    ),
  }),
  'Leaderboard',
);

/** POST /settlements/{month}: the settlement started. */
export const settlementStarted = z.object({ month: z.string(), execution: z.string() });

/** A month as the path names it (the services check it too, naming `month`). */
export const month = z.string().check(z.regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM'));
