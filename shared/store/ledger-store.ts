import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys, SK_PREFIX } from './keys.js';
import { withoutKeys, type DistrictTable } from './table.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The district's issuing account: points enter circulation from here, so its balance is negative. */
export const ISSUING_ACCOUNT = 'district:issuing';
export const leaderAccount = (personId: string) => `leader:${personId}`;

/** A movement of points between two accounts. The id is its idempotency key: one id, one movement, ever. */
export interface Transfer {
  id: string;
  from: string;
  to: string;
  amount: number;
  at: string;
  memo: { requestId?: string; reasons: string[] };
}

export interface LedgerEntry {
  account: string;
  transferId: string;
  counterparty: string;
  amount: number;
  at: string;
  memo: Transfer['memo'];
}

/**
 * The writes of one transfer, to be committed in the caller's transaction: the transfer record
 * (which fails the whole transaction if the id was used before), the debit and credit entries,
 * and both balances. Only the issuing account may go below zero.
 */
export function transferWrites(table: DistrictTable, transfer: Transfer): TransactItem[] {
  if (!Number.isInteger(transfer.amount) || transfer.amount <= 0) {
    throw new Error(`transfer ${transfer.id}: amount must be a positive integer`);
  }
  const entry = (account: string, counterparty: string, amount: number) => ({
    Put: {
      TableName: table.name,
      Item: {
        ...keys.ledgerEntry(account, transfer.at, transfer.id),
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
  const balance = (account: string, delta: number): TransactItem => ({
    Update: {
      TableName: table.name,
      Key: keys.account(account),
      UpdateExpression: 'ADD balance :delta SET account = :account, updatedAt = :at',
      ExpressionAttributeValues: {
        ':delta': delta,
        ':account': account,
        ':at': transfer.at,
        ...(delta < 0 && account !== ISSUING_ACCOUNT ? { ':needed': -delta } : {}),
      },
      ...(delta < 0 && account !== ISSUING_ACCOUNT ? { ConditionExpression: 'balance >= :needed' } : {}),
    },
  });
  return [
    {
      Put: {
        TableName: table.name,
        Item: { ...keys.transfer(transfer.id), ...transfer },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    entry(transfer.from, transfer.to, -transfer.amount),
    entry(transfer.to, transfer.from, transfer.amount),
    balance(transfer.from, -transfer.amount),
    balance(transfer.to, transfer.amount),
  ];
}

export async function getBalance(table: DistrictTable, account: string): Promise<number> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.account(account) }));
  return (Item?.balance as number | undefined) ?? 0;
}

export async function getEntries(table: DistrictTable, account: string): Promise<LedgerEntry[]> {
  const { Items } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :entry)',
      ExpressionAttributeValues: { ':pk': keys.account(account).PK, ':entry': SK_PREFIX.ledgerEntry },
    }),
  );
  return (Items ?? []).map((item) => withoutKeys<LedgerEntry>(item));
}
