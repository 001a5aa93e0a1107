/** The rewards catalogue: what leaders exchange their service points for (groceries, household goods, vouchers). */
export const REWARD_STATUSES = ['active', 'withdrawn'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

export interface Reward {
  id: string;
  name: string;
  pricePoints: number;
  stock: number;
  /** A community id, or `district` for the district's own catalogue. */
  scope: string;
  status: RewardStatus;
  /** Who last set its price or stock (added it, or changed either): they do not redeem it. */
  setBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** reserved → fulfilled (collected at the grid station) or cancelled (points refunded, stock restored). */
export const REDEMPTION_STATUSES = ['reserved', 'fulfilled', 'cancelled'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export interface Redemption {
  id: string;
  rewardId: string;
  rewardName: string;
  scope: string;
  personId: string;
  pricePoints: number;
  status: RedemptionStatus;
  /** The ledger transfer that paid for it, and the one that refunded it. */
  transferId: string;
  refundTransferId?: string;
  createdAt: string;
  updatedAt: string;
  by?: string;
  /** Under an Idempotency-Key: the digest of what was asked (the reward), for a retry to be compared with. */
  requestDigest?: string;
}

export const redemptionTransferId = (redemptionId: string) => `redeem:${redemptionId}`;
export const refundTransferId = (redemptionId: string) => `refund:${redemptionId}`;
