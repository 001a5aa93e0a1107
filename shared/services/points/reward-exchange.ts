import { createHash, randomUUID } from 'node:crypto';
import { DISTRICT_SCOPE, reaches, type Access, type Role } from '../../domain/access.js';
import { contentDigest, replayIfSame } from '../../domain/idempotency.js';
import { leaderAccount, rewardsAccount } from '../../domain/ledger.js';
import {
  redemptionTransferId,
  refundTransferId,
  type Redemption,
  type Reward,
  type RewardStatus,
} from '../../domain/reward-rules.js';
import { assertNotOwnFulfilment, assertNotOwnPricing } from '../../domain/separation-of-duties.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getNode, postsHeldBy } from '../../store/hierarchy-store.js';
import {
  getBalance,
  TRANSFER_WRITE,
  TransactionRefused,
  transferWrites,
  writeTransaction,
} from '../../store/ledger-store.js';
import {
  closeRedemptionWrite,
  getRedemption,
  getReward,
  listRewards,
  newRedemptionWrite,
  putNewReward,
  replaceReward,
  returnOneWrite,
  listRedemptions,
  takeOneWrite,
} from '../../store/reward-store.js';

/** Who keeps a catalogue: staff over its community (or admins, for the district's own). */
const KEEPERS: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

/** The staff who keep the catalogue of a scope (a community id or `district`). */
async function assertKeeper(deps: Dependencies, access: Access, scope: string, field = 'scope') {
  if (scope === DISTRICT_SCOPE) {
    if (access.grants.some((grant) => grant.role === 'district_admin')) return;
    throw new ForbiddenError('Only district admins keep the district’s catalogue.', [
      { field, message: 'district admins only' },
    ]);
  }
  const node = await getNode(deps.table, scope);
  if (!node || node.type !== 'community') {
    throw new UnprocessableError(`A catalogue belongs to a community or the district; ${scope} is neither.`, [
      { field, message: 'must be a community id or "district"' },
    ]);
  }
  if (!reaches(access, { ancestors: node.ancestors }, KEEPERS)) {
    throw new ForbiddenError(`The catalogue of ${scope} is kept by its own staff.`, [
      { field, message: 'outside the area you manage' },
    ]);
  }
}

export interface RewardInput {
  id: string;
  name: string;
  pricePoints: number;
  stock: number;
  scope: string;
}

export async function addReward(deps: Dependencies, access: Access, input: RewardInput): Promise<Reward> {
  await assertKeeper(deps, access, input.scope);
  const now = deps.clock.now().toISOString();
  const reward: Reward = {
    ...input,
    status: 'active',
    setBy: access.personId,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await putNewReward(deps.table, reward)))
    throw new ConflictError(`Reward ${input.id} already exists.`);
  return reward;
}

export interface RewardPatch {
  name?: string;
  pricePoints?: number;
  stock?: number;
  status?: RewardStatus;
}

/** Changes the price, the stock (as counted on the shelf) or withdraws a reward; 409 if a redemption raced it. */
export async function changeReward(deps: Dependencies, access: Access, id: string, patch: RewardPatch) {
  const reward = await getReward(deps.table, id);
  if (!reward) throw new NotFoundError(`Reward ${id} does not exist.`);
  await assertKeeper(deps, access, reward.scope);
  const pricing = patch.pricePoints !== undefined || patch.stock !== undefined;
  const next: Reward = {
    ...reward,
    ...patch,
    ...(pricing ? { setBy: access.personId } : {}),
    updatedAt: deps.clock.now().toISOString(),
  };
  if (!(await replaceReward(deps.table, reward, next))) {
    throw new ConflictError(
      `Reward ${id} changed while this was applied (a redemption?); read it and try again.`,
    );
  }
  return next;
}

/** A catalogue: anyone may look. */
export async function catalogue(deps: Dependencies, scope: string) {
  return { scope, items: await listRewards(deps.table, scope) };
}

/** A leader may redeem from the district's catalogue, or from a community's where they hold a post. */
async function assertMayRedeem(deps: Dependencies, access: Access, reward: Reward) {
  const posts = await postsHeldBy(deps.table, access.personId);
  const allowed =
    reward.scope === DISTRICT_SCOPE
      ? posts.length > 0
      : posts.some((post) => post.ancestors.community === reward.scope);
  if (!allowed) {
    throw new ForbiddenError(
      reward.scope === DISTRICT_SCOPE
        ? 'Rewards are for leaders: you hold no post.'
        : `Reward ${reward.id} is for the leaders of ${reward.scope}.`,
    );
  }
}

function refusal(reward: Reward, balance: number): ConflictError | undefined {
  if (reward.status === 'withdrawn') return new ConflictError(`Reward ${reward.id} is withdrawn.`);
  if (reward.stock < 1) return new ConflictError(`Reward ${reward.id} is out of stock.`);
  if (balance < reward.pricePoints) {
    return new ConflictError(`Not enough points: balance ${balance} < price ${reward.pricePoints}.`);
  }
  return undefined;
}

/** A leader's key is theirs, whatever they redeem with it: the same key for another reward is a 409. */
export const redemptionIdFor = (personId: string, idempotencyKey: string) =>
  `RD${createHash('sha256').update(`${personId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;

/** An earlier redemption under the same key: the same again (200), or a 409 carrying it for another reward. */
const replayed = (earlier: Redemption, digest: string) => ({
  created: false,
  redemption: replayIfSame({
    stored: earlier,
    storedDigest: earlier.requestDigest,
    digest,
    field: 'Idempotency-Key',
    detail: `This Idempotency-Key was already used for redemption ${earlier.id}, of ${earlier.rewardId}`,
  }),
});

/**
 * A leader redeems one of a reward, in one transaction: one taken from the stock (if active, in
 * stock and at the price read), the points moved from the leader to the catalogue's rewards
 * account (never below zero), and the redemption recorded as reserved. Every refusal is a 409
 * naming the reason, and writes nothing. With an Idempotency-Key a retry returns the same redemption.
 */
export async function redeem(
  deps: Dependencies,
  access: Access,
  rewardId: string,
  idempotencyKey: string | undefined,
): Promise<{ created: boolean; redemption: Redemption }> {
  const id = idempotencyKey
    ? redemptionIdFor(access.personId, idempotencyKey)
    : `RD${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const digest = contentDigest({ rewardId });
  const earlier = idempotencyKey ? await getRedemption(deps.table, id) : undefined;
  if (earlier) return replayed(earlier, digest);
  const reward = await getReward(deps.table, rewardId);
  if (!reward) throw new NotFoundError(`Reward ${rewardId} does not exist.`);
  await assertMayRedeem(deps, access, reward);
  assertNotOwnPricing(reward, access.personId);
  const account = leaderAccount(access.personId);
  const refused = refusal(reward, await getBalance(deps.table, account));
  if (refused) throw refused;

  const now = deps.clock.now().toISOString();
  const redemption: Redemption = {
    id,
    rewardId,
    rewardName: reward.name,
    scope: reward.scope,
    personId: access.personId,
    pricePoints: reward.pricePoints,
    status: 'reserved',
    transferId: redemptionTransferId(id),
    createdAt: now,
    updatedAt: now,
    ...(idempotencyKey ? { requestDigest: digest } : {}),
  };
  const writes = [
    takeOneWrite(deps.table, reward, access.personId, now),
    ...transferWrites(deps.table, {
      id: redemption.transferId,
      from: account,
      to: rewardsAccount(reward.scope),
      amount: reward.pricePoints,
      at: now,
      memo: { reasons: ['redeemed'], rewardId, redemptionId: id },
    }),
    newRedemptionWrite(deps.table, redemption),
  ];
  try {
    await writeTransaction(deps.table, writes);
    return { created: true, redemption };
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    const [now2, balance, again] = await Promise.all([
      getReward(deps.table, rewardId),
      getBalance(deps.table, account),
      getRedemption(deps.table, id),
    ]);
    if (again) return replayed(again, digest);
    if (now2) assertNotOwnPricing(now2, access.personId);
    if (now2 && now2.pricePoints !== reward.pricePoints && now2.status === 'active' && now2.stock > 0) {
      throw new ConflictError(
        `The price of ${rewardId} changed to ${now2.pricePoints}; read it and try again.`,
      );
    }
    if (error.failed(1 + TRANSFER_WRITE.fromBalance)) {
      throw new ConflictError(`Not enough points: balance ${balance} < price ${reward.pricePoints}.`);
    }
    throw (
      (now2 && refusal(now2, balance)) ?? new ConflictError(`Reward ${rewardId} could not be redeemed now.`)
    );
  }
}

async function closable(deps: Dependencies, id: string) {
  const redemption = await getRedemption(deps.table, id);
  if (!redemption) throw new NotFoundError(`Redemption ${id} does not exist.`);
  return redemption;
}

/** The reward was collected at the grid station: staff of the reward's catalogue. Idempotent. */
export async function fulfil(deps: Dependencies, access: Access, id: string): Promise<Redemption> {
  const redemption = await closable(deps, id);
  await assertKeeper(deps, access, redemption.scope, 'id');
  assertNotOwnFulfilment(redemption, access.personId);
  if (redemption.status === 'fulfilled') return redemption;
  if (redemption.status === 'cancelled') throw new ConflictError(`Redemption ${id} was cancelled.`);
  const change = {
    status: 'fulfilled' as const,
    updatedAt: deps.clock.now().toISOString(),
    by: access.personId,
  };
  try {
    await writeTransaction(deps.table, [closeRedemptionWrite(deps.table, id, change)]);
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    return settledAs(deps, id, 'fulfilled');
  }
  return { ...redemption, ...change };
}

/**
 * Cancels a reserved redemption, by the catalogue's staff or the leader who redeemed: the points
 * go back (a transfer from the rewards account) and the item back into stock, in one transaction.
 * Idempotent; a collected reward is not cancelled.
 */
export async function cancel(deps: Dependencies, access: Access, id: string): Promise<Redemption> {
  const redemption = await closable(deps, id);
  if (redemption.personId !== access.personId) await assertKeeper(deps, access, redemption.scope, 'id');
  if (redemption.status === 'cancelled') return redemption;
  if (redemption.status === 'fulfilled') throw new ConflictError(`Redemption ${id} was already collected.`);
  const at = deps.clock.now().toISOString();
  const change = {
    status: 'cancelled' as const,
    updatedAt: at,
    by: access.personId,
    refundTransferId: refundTransferId(id),
  };
  try {
    await writeTransaction(deps.table, [
      closeRedemptionWrite(deps.table, id, change),
      returnOneWrite(deps.table, redemption.rewardId, at),
      ...transferWrites(deps.table, {
        id: change.refundTransferId,
        from: rewardsAccount(redemption.scope),
        to: leaderAccount(redemption.personId),
        amount: redemption.pricePoints,
        at,
        memo: { reasons: ['redemption-cancelled'], rewardId: redemption.rewardId, redemptionId: id },
      }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    return settledAs(deps, id, 'cancelled');
  }
  return { ...redemption, ...change };
}

/** After a refused close: a concurrent call did the same (return it), or the other thing (409). */
async function settledAs(deps: Dependencies, id: string, wanted: Redemption['status']) {
  const now = await getRedemption(deps.table, id);
  if (now?.status === wanted) return now;
  throw new ConflictError(`Redemption ${id} is ${now?.status ?? 'gone'}.`);
}

/**
 * Redemptions: a leader's own (`mine`), or those waiting at a catalogue's grid station (`scope`),
 * for its keepers.
 */
export async function redemptions(
  deps: Dependencies,
  access: Access,
  query: { scope?: string; limit: number; cursor?: string },
) {
  const page = { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) };
  if (query.scope === undefined)
    return listRedemptions(deps.table, { by: 'person', personId: access.personId }, page);
  await assertKeeper(deps, access, query.scope);
  return listRedemptions(deps.table, { by: 'reserved', scope: query.scope }, page);
}
