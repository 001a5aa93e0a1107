import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  deductible,
  ISSUING_ACCOUNT,
  leaderAccount,
  mayGoNegative,
  personOfAccount,
  type LedgerEntry,
  type Transfer,
} from '../domain/ledger.js';
import { monthOf } from '../domain/settlement.js';
import type { Listing } from './cursor.js';
import { indexes, keys, SK_PREFIX } from './keys.js';
import { listingQuery, queryAll, queryPage, withoutKeys, type DistrictTable, type Page } from './table.js';

export {
  ISSUING_ACCOUNT,
  leaderAccount,
  rewardsAccount,
  type LedgerEntry,
  type Transfer,
} from '../domain/ledger.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Positions of a transfer's writes in `transferWrites`, to read a cancelled transaction's reasons;
 * `alongside`: the first write committed with it (commitTransfer).
 */
export const TRANSFER_WRITE = {
  record: 0,
  debit: 1,
  credit: 2,
  fromBalance: 3,
  toBalance: 4,
  alongside: 5,
} as const;

/**
 * The writes of one transfer, to be committed in the caller's transaction: the transfer record
 * (which fails the whole transaction if the id was used before), the debit and credit entries,
 * and both balances. Only the issuing account may go below zero. The one place a transfer is
 * written: closing a request, awards, deductions, redemptions and refunds all come through here.
 */
export function transferWrites(table: DistrictTable, transfer: Transfer): TransactItem[] {
  return transfersWrites(table, [transfer]);
}

/**
 * The writes of several transfers in one transaction (a request closed with points for two
 * leaders): each transfer's record and entries, and one balance update per account, its deltas
 * summed, since a transaction may not touch one item twice (the issuing account pays them all).
 */
export function transfersWrites(table: DistrictTable, transfers: readonly Transfer[]): TransactItem[] {
  const deltas = new Map<string, { delta: number; at: string }>();
  const move = (account: string, delta: number, at: string) => {
    const before = deltas.get(account);
    deltas.set(account, {
      delta: (before?.delta ?? 0) + delta,
      at: before && before.at > at ? before.at : at,
    });
  };
  const records = transfers.flatMap((transfer) => {
    move(transfer.from, -transfer.amount, transfer.at);
    move(transfer.to, transfer.amount, transfer.at);
    return transferRecordWrites(table, transfer);
  });
  const balances = [...deltas].map(([account, { delta, at }]) => balanceWrite(table, account, delta, at));
  return [...records, ...balances];
}

/** A transfer's record and its two entries (checked: a positive whole amount between two accounts). */
function transferRecordWrites(table: DistrictTable, transfer: Transfer): TransactItem[] {
  if (!Number.isInteger(transfer.amount) || transfer.amount <= 0) {
    throw new Error(`transfer ${transfer.id}: amount must be a positive integer`);
  }
  if (transfer.from === transfer.to) throw new Error(`transfer ${transfer.id}: from and to are the same`);
  if (!table.timeZone) throw new Error(`transfer ${transfer.id}: the table has no district time zone`);
  const month = monthOf(transfer.at, table.timeZone);
  const community = transfer.memo.community;
  /** A leader's entry with a community is indexed by month and community (settlement reads it). */
  const monthIndex = (account: string) => {
    const personId = personOfAccount(account);
    if (!personId || !community) return {};
    return {
      GSI2PK: indexes.monthEntries.pk(month, community),
      GSI2SK: indexes.monthEntries.sk(personId, transfer.at, transfer.id),
    };
  };
  const entry = (account: string, counterparty: string, amount: number) => ({
    Put: {
      TableName: table.name,
      Item: {
        ...keys.ledgerEntry(account, transfer.at, transfer.id),
        ...monthIndex(account),
        month,
        account,
        transferId: transfer.id,
        counterparty,
        amount,
        at: transfer.at,
        memo: transfer.memo,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
  return [
    {
      Put: {
        TableName: table.name,
        Item: { ...keys.transfer(transfer.id), type: 'transfer', ...transfer },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    entry(transfer.from, transfer.to, -transfer.amount),
    entry(transfer.to, transfer.from, transfer.amount),
  ];
}

/** An account's balance moved by delta; an account that may not go negative must hold enough. */
function balanceWrite(table: DistrictTable, account: string, delta: number, at: string): TransactItem {
  const guarded = delta < 0 && !mayGoNegative(account);
  return {
    Update: {
      TableName: table.name,
      Key: keys.account(account),
      UpdateExpression: 'ADD balance :delta SET account = :account, updatedAt = :at',
      ExpressionAttributeValues: {
        ':delta': delta,
        ':account': account,
        ':at': at,
        ...(guarded ? { ':needed': -delta } : {}),
      },
      ...(guarded ? { ConditionExpression: 'balance >= :needed' } : {}),
    },
  };
}

/** A transaction refused by a condition: the cancellation code of each write, in order. */
export class TransactionRefused extends Error {
  constructor(readonly codes: (string | undefined)[]) {
    super(`transaction refused: ${codes.join(',')}`);
    this.name = 'TransactionRefused';
  }
  failed(index: number): boolean {
    return this.codes[index] === 'ConditionalCheckFailed';
  }
}

/**
 * Commits writes in one transaction. A condition that fails is a TransactionRefused with the
 * reasons; a conflict with another transaction in flight on the same items (DynamoDB cancels
 * rather than waits) is retried with jitter, so racing redemptions are decided by the conditions.
 */
export async function writeTransaction(table: DistrictTable, writes: TransactItem[], attempts = 12) {
  for (let attempt = 1; ; attempt++) {
    try {
      await table.db.send(new TransactWriteCommand({ TransactItems: writes }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      if (codes.includes('ConditionalCheckFailed')) throw new TransactionRefused(codes);
      if (!codes.includes('TransactionConflict') || attempt >= attempts) throw error;
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

export type TransferResult = { outcome: 'moved' | 'duplicate'; transfer: Transfer };

/**
 * Commits one transfer, with any writes that must hold with it (`alongside`, after the transfer's
 * TRANSFER_WRITE positions). A used id moves nothing and returns the stored transfer; a
 * balance that would go below zero is a TransactionRefused (fromBalance failed).
 */
export async function commitTransfer(
  table: DistrictTable,
  transfer: Transfer,
  alongside: TransactItem[] = [],
): Promise<TransferResult> {
  try {
    await writeTransaction(table, [...transferWrites(table, transfer), ...alongside]);
    return { outcome: 'moved', transfer };
  } catch (error) {
    if (error instanceof TransactionRefused && error.failed(TRANSFER_WRITE.record)) {
      const stored = await getTransfer(table, transfer.id);
      if (stored) return { outcome: 'duplicate', transfer: stored };
    }
    throw error;
  }
}

/**
 * Takes up to `points` from a leader back to the issuing account, never below zero: what there
 * is when the balance is short, nothing (no transfer) when it is zero. A balance that changed
 * between the read and the write is read again.
 */
export async function deductFromLeader(
  table: DistrictTable,
  personId: string,
  points: number,
  transfer: Omit<Transfer, 'from' | 'to' | 'amount'>,
): Promise<TransferResult | { outcome: 'skipped' }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await getTransfer(table, transfer.id);
    if (existing) return { outcome: 'duplicate', transfer: existing };
    const amount = deductible(await getBalance(table, leaderAccount(personId)), points);
    if (amount === 0) return { outcome: 'skipped' };
    try {
      return await commitTransfer(table, {
        ...transfer,
        from: leaderAccount(personId),
        to: ISSUING_ACCOUNT,
        amount,
      });
    } catch (error) {
      if (!(error instanceof TransactionRefused && error.failed(TRANSFER_WRITE.fromBalance))) throw error;
    }
  }
  return { outcome: 'skipped' };
}

export async function getTransfer(table: DistrictTable, id: string): Promise<Transfer | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.transfer(id), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { type: _type, ...transfer } = withoutKeys<Transfer & { type: string }>(Item);
  return transfer;
}

export async function getBalance(table: DistrictTable, account: string): Promise<number> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.account(account), ConsistentRead: true }),
  );
  return (Item?.balance as number | undefined) ?? 0;
}

export type EntryPage = Page<LedgerEntry>;

/** An account's entries, in the account's partition, by time. */
const entryListing = (account: string): Listing => ({
  partition: keys.account(account).PK,
  sortPrefix: SK_PREFIX.ledgerEntry,
});

/** One page of an account's entries, newest first (one Query of the account's partition). */
export function getEntryPage(
  table: DistrictTable,
  account: string,
  page: { limit: number; cursor?: string },
): Promise<EntryPage> {
  return queryPage(table, entryListing(account), page, (item) => withoutKeys<LedgerEntry>(item), {
    ScanIndexForward: false,
  });
}

/** Every entry of an account, oldest first. */
export async function getEntries(table: DistrictTable, account: string): Promise<LedgerEntry[]> {
  const items = await queryAll(table, { ...listingQuery(entryListing(account)), ConsistentRead: true });
  return items.map((item) => withoutKeys<LedgerEntry>(item));
}

/** The points a staff member gave in awards in a month (0 before the first). */
export async function getAwardsGiven(table: DistrictTable, personId: string, month: string): Promise<number> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.awardsGiven(personId, month), ConsistentRead: true }),
  );
  return (Item?.given as number | undefined) ?? 0;
}

/**
 * Adds an award to its giver's monthly counter, in the award's transaction: refused when it would
 * pass the cap, so concurrent awards never exceed it together.
 */
export function awardsGivenWrite(
  table: DistrictTable,
  award: { by: string; month: string; points: number; cap: number },
): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.awardsGiven(award.by, award.month),
      UpdateExpression: 'ADD given :points SET personId = :by, #month = :month',
      ConditionExpression: 'attribute_not_exists(given) OR given <= :room',
      ExpressionAttributeNames: { '#month': 'month' },
      ExpressionAttributeValues: {
        ':points': award.points,
        ':room': award.cap - award.points,
        ':by': award.by,
        ':month': award.month,
      },
    },
  };
}
