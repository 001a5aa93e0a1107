/**
 * The points ledger as a pure model: accounts, transfers, and the invariants the store must keep.
 * Every movement of points is a transfer between two accounts (double entry): the sum over all
 * accounts is always zero, because points enter circulation from the district's issuing account
 * (whose balance is minus everything ever issued) and leave it only back to issuing or into a
 * rewards account.
 */

/** Points enter circulation from here (awards) and return here (deductions): its balance is negative. */
export const ISSUING_ACCOUNT = 'district:issuing';
/** A leader's points. Never below zero. */
export const leaderAccount = (personId: string) => `leader:${personId}`;
/** Where redeemed points go: one account per catalogue (a community id, or `district`). Never below zero. */
export const rewardsAccount = (scope: string) => `rewards:${scope}`;

/** Only the issuing account may go below zero. */
export const mayGoNegative = (account: string) => account === ISSUING_ACCOUNT;

export const personOfAccount = (account: string) =>
  account.startsWith('leader:') ? account.slice('leader:'.length) : undefined;

/** What a transfer is for, and what earned it: the request, the activity, the redemption. */
export interface TransferMemo {
  reasons: string[];
  requestId?: string;
  activity?: string;
  redemptionId?: string;
  rewardId?: string;
  /** Who moved the points (staff giving an award), when it was a person and not a rule. */
  by?: string;
  note?: string;
  /**
   * The leader's community: indexes the leader's entry by month and community for the monthly
   * settlement (closing: the request's community; awards, hours, deductions: one of the leader's posts').
   */
  community?: string;
  /** The resident's rating, on the closing award of the leader who resolved the request. */
  rating?: number;
  /** The month a monthly bonus was paid for. */
  month?: string;
}

/** A movement of points between two accounts. The id is its idempotency key: one id, one movement, ever. */
export interface Transfer {
  id: string;
  from: string;
  to: string;
  amount: number;
  at: string;
  memo: TransferMemo;
  /** For a transfer a caller asked for under a key: the digest of what they asked (see idempotency.ts). */
  requestDigest?: string;
}

export interface LedgerEntry {
  account: string;
  transferId: string;
  counterparty: string;
  /** Negative for a debit, positive for a credit. */
  amount: number;
  at: string;
  memo: TransferMemo;
  /** The month of `at` in the district's zone (YYYY-MM), as stored; the settlement's attribution. */
  month?: string;
}

/** A ledger in memory: the reference the store is checked against, and the invariants over any ledger. */
export interface LedgerState {
  balances: Map<string, number>;
  entries: LedgerEntry[];
  transfers: Map<string, Transfer>;
}

export const emptyLedger = (): LedgerState => ({ balances: new Map(), entries: [], transfers: new Map() });

export type TransferOutcome = 'moved' | 'duplicate' | 'insufficient';

/** Applies a transfer as the store does: a used id moves nothing; a non-issuing account never goes below zero. */
export function applyTransfer(ledger: LedgerState, transfer: Transfer): TransferOutcome {
  if (ledger.transfers.has(transfer.id)) return 'duplicate';
  const fromBalance = ledger.balances.get(transfer.from) ?? 0;
  if (!mayGoNegative(transfer.from) && fromBalance < transfer.amount) return 'insufficient';
  ledger.transfers.set(transfer.id, transfer);
  ledger.balances.set(transfer.from, fromBalance - transfer.amount);
  ledger.balances.set(transfer.to, (ledger.balances.get(transfer.to) ?? 0) + transfer.amount);
  ledger.entries.push(...entriesOf(transfer));
  return 'moved';
}

/** The debit and the credit a transfer writes. */
export function entriesOf(transfer: Transfer): [LedgerEntry, LedgerEntry] {
  const { id: transferId, from, to, amount, at, memo } = transfer;
  return [
    { account: from, transferId, counterparty: to, amount: -amount, at, memo },
    { account: to, transferId, counterparty: from, amount, at, memo },
  ];
}

/** A violated invariant, said in words; empty when the ledger is sound. */
export function ledgerViolations(ledger: {
  balances: ReadonlyMap<string, number>;
  entries: readonly LedgerEntry[];
}): string[] {
  const violations: string[] = [];
  const total = [...ledger.balances.values()].reduce((sum, balance) => sum + balance, 0);
  if (total !== 0) violations.push(`the balances sum to ${total}, not 0`);
  const fromEntries = new Map<string, number>();
  const perTransfer = new Map<string, number>();
  for (const entry of ledger.entries) {
    fromEntries.set(entry.account, (fromEntries.get(entry.account) ?? 0) + entry.amount);
    perTransfer.set(entry.transferId, (perTransfer.get(entry.transferId) ?? 0) + 1);
  }
  for (const account of new Set([...ledger.balances.keys(), ...fromEntries.keys()])) {
    const balance = ledger.balances.get(account) ?? 0;
    const sum = fromEntries.get(account) ?? 0;
    if (balance !== sum) violations.push(`${account}: balance ${balance} but its entries sum to ${sum}`);
    if (!mayGoNegative(account) && balance < 0) violations.push(`${account}: balance ${balance} < 0`);
  }
  for (const [transferId, count] of perTransfer) {
    if (count !== 2) violations.push(`transfer ${transferId} has ${count} entries, not 2`);
  }
  return violations;
}

/** What a breached-SLA deduction may take: the rule's points, but never more than the balance. */
export const deductible = (balance: number, points: number) => Math.max(0, Math.min(balance, points));
