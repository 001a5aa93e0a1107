import * as z from '../../zod.js';
import { idField, pageQuery, text } from '../schemas.js';
import { component, instant, page } from './common.js';
import { ROLES } from '../../domain/access.js';

// ---- What the handlers validate ----

/** GET /accounts/me and /accounts/{personId}: one page of entries. */
export const accountQuery = pageQuery;

/** POST /points/awards (with a required Idempotency-Key). */
export const awardBody = z.strictObject({
  personId: idField,
  points: z.number().check(z.int(), z.gte(1)),
  reason: text(200),
});

/** POST /points/volunteer-hours. */
export const hoursBody = z.strictObject({
  personId: idField,
  hours: z.number().check(z.gt(0), z.lte(24), z.multipleOf(0.5)),
  activity: text(100),
  date: z.iso.date(),
});

// ---- What they answer ----

/** What a transfer is for, and what earned it. */
export const transferMemo = component(
  z.object({
    reasons: z.array(z.string()),
    requestId: z.optional(z.string()),
    activity: z.optional(z.string()),
    redemptionId: z.optional(z.string()),
    rewardId: z.optional(z.string()),
    by: z.optional(z.string()),
    note: z.optional(z.string()),
    community: z.optional(z.string()),
    rating: z.optional(z.number()),
    month: z.optional(z.string()),
  }),
  'TransferMemo',
);

/** One line of an account: negative `amount` for a debit, positive for a credit. */
export const ledgerEntry = component(
  z.object({
    account: z.string(),
    transferId: z.string(),
    counterparty: z.string(),
    amount: z.number(),
    at: instant,
    memo: transferMemo,
    month: z.optional(z.string()),
  }),
  'LedgerEntry',
);

/** GET /accounts/me, /accounts/{personId}: the balance and one page of entries, newest first. */
export const account = component(
  z.object({
    personId: z.string(),
    account: z.string(),
    balance: z.number(),
    ...page(ledgerEntry).shape,
  }),
  'Account',
);

/** What the caller may do, and where: a role and the root of the subtree it covers (`district`: all). */
export const grant = component(z.object({ role: z.enum(ROLES), scope: z.string() }), 'Grant');

/** GET /accounts/me: the caller's own account, and their grants (the pages show only what these allow). */
export const myAccount = component(z.object({ ...account.shape, grants: z.array(grant) }), 'MyAccount');

/** A movement of points between two accounts (an award, volunteer hours). */
export const transfer = component(
  z.object({
    id: z.string(),
    from: z.string(),
    to: z.string(),
    amount: z.number(),
    at: instant,
    memo: transferMemo,
    requestDigest: z.optional(z.string()),
  }),
  'Transfer',
);

/** GET /points/awards/allowance: the points the caller gave in awards this month. */
export const awardAllowance = component(
  z.object({
    personId: z.string(),
    month: z.string(),
    cap: z.number(),
    used: z.number(),
    remaining: z.number(),
  }),
  'AwardAllowance',
);
