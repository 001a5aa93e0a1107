import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { personOfAccount } from '../domain/ledger.js';
import type { MonthEntry } from '../domain/settlement.js';
import type { SmsMessage } from '../domain/sms.js';
import { indexes, keys, SK_PREFIX } from './keys.js';
import { putMessage } from './outbox-store.js';
import { queryAll, withoutKeys, type DistrictTable } from './table.js';

/** A leader's month in a community: what the statement API returns. */
export interface Statement {
  month: string;
  communityId: string;
  personId: string;
  name?: string;
  points: number;
  earnedByReason: Record<string, number>;
  requestsHandled: number;
  slaCompliance: number | null;
  averageRating: number | null;
  balance: number;
  communityRank: number;
  districtRank?: number;
  bonus: number;
}

export interface SettlementRun {
  month: string;
  status: 'started' | 'finished';
  startedAt: string;
  finishedAt?: string;
  communities?: number;
  leaders?: number;
}

/** A community's progress in a month's run, with what the district ranking needs from it. */
export interface CommunityProgress {
  communityId: string;
  settled: boolean;
  notified?: boolean;
  leaders: number;
  /** points → how many of the community's leaders scored them. */
  histogram: Record<string, number>;
  /** The community's best 100, for the district leaderboard. */
  top: { personId: string; name?: string; points: number }[];
}

export interface LeaderboardEntry {
  personId: string;
  name?: string;
  communityId?: string;
  points: number;
  rank: number;
}

/** A month's leader entries in one community (GSI2 `MONTH#<month>#<community>`), every page. */
export async function monthEntries(
  table: DistrictTable,
  month: string,
  communityId: string,
): Promise<MonthEntry[]> {
  const items = await queryAll(table, {
    IndexName: indexes.monthEntries.name,
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': indexes.monthEntries.pk(month, communityId) },
  });
  return items.flatMap((item) => {
    const personId = personOfAccount(String(item.account));
    if (!personId) return [];
    return [
      {
        personId,
        transferId: String(item.transferId),
        amount: Number(item.amount),
        memo: item.memo as MonthEntry['memo'],
      },
    ];
  });
}

export const statementItem = (statement: Statement) => ({
  ...keys.statement(statement.month, statement.communityId, statement.personId),
  type: 'statement',
  ...statement,
});

export async function getRun(table: DistrictTable, month: string): Promise<SettlementRun | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.settlementRun(month), ConsistentRead: true }),
  );
  return Item ? withoutKeys<SettlementRun & { type: string }>(Item) : undefined;
}

/** Creates the run record unless there is one; returns the stored run either way. */
export async function beginRun(table: DistrictTable, month: string, at: string): Promise<SettlementRun> {
  const run: SettlementRun = { month, status: 'started', startedAt: at };
  try {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...keys.settlementRun(month), type: 'settlement-run', ...run },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return run;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getRun(table, month)) ?? run;
  }
}

export async function finishRun(
  table: DistrictTable,
  month: string,
  at: string,
  counts: { communities: number; leaders: number },
): Promise<void> {
  await table.db
    .send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.settlementRun(month),
        UpdateExpression:
          'SET #status = :finished, finishedAt = :at, communities = :communities, leaders = :leaders',
        ConditionExpression: 'attribute_exists(PK) AND #status = :started',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':finished': 'finished',
          ':started': 'started',
          ':at': at,
          ':communities': counts.communities,
          ':leaders': counts.leaders,
        },
      }),
    )
    .catch((error: unknown) => {
      // Already finished by an earlier attempt of this step: nothing to change.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}

export async function getCommunityProgress(
  table: DistrictTable,
  month: string,
  communityId: string,
): Promise<CommunityProgress | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.settlementCommunity(month, communityId),
      ConsistentRead: true,
    }),
  );
  return Item ? withoutKeys<CommunityProgress>(Item) : undefined;
}

export async function putCommunityProgress(table: DistrictTable, month: string, progress: CommunityProgress) {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.settlementCommunity(month, progress.communityId),
        type: 'settlement-community',
        ...progress,
      },
    }),
  );
}

export async function markCommunityNotified(table: DistrictTable, month: string, communityId: string) {
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.settlementCommunity(month, communityId),
      UpdateExpression: 'SET notified = :true',
      ExpressionAttributeValues: { ':true': true },
    }),
  );
}

/** Every community's progress in the month's run (one Query of the run's partition). */
export async function allCommunityProgress(
  table: DistrictTable,
  month: string,
): Promise<CommunityProgress[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :community)',
    ExpressionAttributeValues: {
      ':pk': keys.settlementPartition(month),
      ':community': SK_PREFIX.settlementCommunity,
    },
    ConsistentRead: true,
  });
  return items.map((item) => withoutKeys<CommunityProgress>(item));
}

export interface DistrictRanks {
  month: string;
  histogram: Record<string, number>;
  top: LeaderboardEntry[];
}

export async function putDistrictRanks(table: DistrictTable, ranks: DistrictRanks) {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.settlementRanks(ranks.month), type: 'settlement-ranks', ...ranks },
    }),
  );
}

export async function getDistrictRanks(
  table: DistrictTable,
  month: string,
): Promise<DistrictRanks | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.settlementRanks(month), ConsistentRead: true }),
  );
  return Item ? withoutKeys<DistrictRanks>(Item) : undefined;
}

/** A community's statements of a month, by personId (the SMS records in the partition are left out). */
export async function communityStatements(
  table: DistrictTable,
  month: string,
  communityId: string,
): Promise<Statement[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.statementPartition(month, communityId) },
    ConsistentRead: true,
  });
  return items
    .filter((item) => item.type === 'statement')
    .map((item) => {
      const { type: _type, ...statement } = withoutKeys<Statement & { type: string }>(item);
      return statement;
    });
}

export async function getStatement(
  table: DistrictTable,
  month: string,
  communityId: string,
  personId: string,
): Promise<Statement | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.statement(month, communityId, personId) }),
  );
  if (!Item) return undefined;
  const { type: _type, ...statement } = withoutKeys<Statement & { type: string }>(Item);
  return statement;
}

export async function setDistrictRank(table: DistrictTable, statement: Statement, districtRank: number) {
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.statement(statement.month, statement.communityId, statement.personId),
      UpdateExpression: 'SET districtRank = :rank',
      ExpressionAttributeValues: { ':rank': districtRank },
    }),
  );
}

/**
 * Queues a leader's summary SMS (a message in the statement's partition, for the outbox to send):
 * true when this call queued it, false when it was queued before (a retried step queues nothing).
 */
export async function queueSummaryMessage(
  table: DistrictTable,
  statement: Statement,
  message: { phone: string; sms: SmsMessage; at: string },
): Promise<boolean> {
  const { month, communityId, personId } = statement;
  return putMessage(
    table,
    keys.statementPartition(month, communityId),
    {
      key: keys.statementMessage(month, communityId, personId).SK.slice(SK_PREFIX.statementMessage.length),
      to: { kind: 'phone', phone: message.phone, personId },
      ...message.sms,
      urgent: false,
      kind: 'settlement',
      recipientRole: 'leader',
      place: { community: communityId },
    },
    message.at,
  );
}

export async function putCsvChunk(table: DistrictTable, month: string, communityId: string, csv: string) {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.settlementCsv(month, communityId), type: 'settlement-csv', communityId, csv },
    }),
  );
}

/** The month's CSV chunks, one per community, in community order. */
export async function csvChunks(table: DistrictTable, month: string): Promise<string[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :csv)',
    ExpressionAttributeValues: { ':pk': keys.settlementPartition(month), ':csv': SK_PREFIX.settlementCsv },
  });
  return items.map((item) => String(item.csv));
}
