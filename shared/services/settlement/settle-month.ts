/**
 * The monthly settlement's steps, one per Task state of the settlement workflow
 * (infra/settlement-workflow.ts). Every step is safe to run again: a retried or re-started step
 * finds its work done (a community marked settled or notified, a bonus transfer id used, an SMS
 * recorded) and does only what is left.
 */
import {
  aggregateMonth,
  bonusFor,
  csvLine,
  hasEnded,
  isMonth,
  previousMonth,
  rank,
  rankTable,
  statementSms,
} from '../../domain/settlement.js';
import { ISSUING_ACCOUNT, leaderAccount } from '../../domain/ledger.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { mapLimited } from '../../runtime/concurrency.js';
import { logger } from '../../logger.js';
import { allChildren } from '../../store/hierarchy-store.js';
import { keys } from '../../store/keys.js';
import { commitTransfer } from '../../store/ledger-store.js';
import { batchGet, batchPut } from '../../store/table.js';
import {
  allCommunityProgress,
  beginRun,
  communityStatements,
  finishRun,
  getCommunityProgress,
  getDistrictRanks,
  getRun,
  markCommunityNotified,
  monthEntries,
  putCommunityProgress,
  putCsvChunk,
  putDistrictRanks,
  queueSummaryMessage,
  setDistrictRank,
  statementItem,
  type LeaderboardEntry,
  type Statement,
} from '../../store/settlement-store.js';

/** How many leaders a community's step works on at once (bonuses, SMS). */
const CONCURRENCY = 8;
/** How many leaders the district leaderboard keeps. */
export const DISTRICT_TOP = 100;

export const bonusTransferId = (month: string, communityId: string, personId: string) =>
  `bonus:${month}:${communityId}:${personId}`;

/**
 * A month that may be settled: well-formed (400 naming `month`) and over in the district's zone
 * (409). Without a month, the one that just ended.
 */
export function settleableMonth(deps: Dependencies, month: string | undefined): string {
  const zone = deps.config.district.timeZone;
  const now = deps.clock.now();
  const chosen = month ?? previousMonth(now, zone);
  if (!isMonth(chosen)) {
    throw new ValidationError(`"${chosen}" is not a month: write it YYYY-MM, e.g. 2026-10.`, [
      { field: 'month', message: 'must be YYYY-MM' },
    ]);
  }
  if (!hasEnded(chosen, now, zone)) {
    throw new ConflictError(
      `${chosen} has not ended yet in ${zone}; it can be settled from the 1st of the next month.`,
      [{ field: 'month', message: 'not ended' }],
    );
  }
  return chosen;
}

export interface SettlementStart {
  month: string;
  /** True when the month was settled before: the workflow ends at once and changes nothing. */
  settled: boolean;
  communities: { month: string; communityId: string }[];
}

/** StartSettlement: checks the month, creates the run record once, lists the communities. */
export async function startSettlement(
  deps: Dependencies,
  input: { month?: string },
): Promise<SettlementStart> {
  const month = settleableMonth(deps, input.month);
  const run = await beginRun(deps.table, month, deps.clock.now().toISOString());
  if (run.status === 'finished') return { month, settled: true, communities: [] };
  const streets = await allChildren(deps.table, 'district');
  const communities = (await mapLimited(streets, CONCURRENCY, (street) => allChildren(deps.table, street.id)))
    .flat()
    .filter((child) => child.type === 'community')
    .map((community) => ({ month, communityId: community.id }));
  logger.info('settlement started', { month, communities: communities.length });
  return { month, settled: false, communities };
}

interface PersonItem {
  PK: string;
  id?: string;
  name?: string;
  phone?: string;
  balance?: number;
}

/** Names and phones of people, and (unless told not to) their balances, in BatchGets of a hundred keys. */
async function peopleAndBalances(deps: Dependencies, personIds: readonly string[], withBalances = true) {
  const items = (await batchGet(
    deps.table,
    personIds.flatMap((id) => [keys.person(id), ...(withBalances ? [keys.account(leaderAccount(id))] : [])]),
    { consistent: false },
  )) as unknown as PersonItem[];
  const byPk = new Map(items.map((item) => [item.PK, item]));
  return (personId: string) => ({
    name: byPk.get(keys.person(personId).PK)?.name,
    phone: byPk.get(keys.person(personId).PK)?.phone,
    balance: byPk.get(keys.account(leaderAccount(personId)).PK)?.balance ?? 0,
  });
}

/**
 * SettleCommunity: adds up the month's entries of one community (one Query of its month
 * partition), ranks its leaders, pays the bonuses (transfer ids `bonus:<month>:<community>:<person>`),
 * writes the statements with the balances after the bonus, and marks the community settled.
 * A community already settled in this run is skipped.
 */
export async function settleCommunity(
  deps: Dependencies,
  input: { month: string; communityId: string },
): Promise<{ communityId: string; leaders: number; skipped: boolean }> {
  const { month, communityId } = input;
  const done = await getCommunityProgress(deps.table, month, communityId);
  if (done?.settled) return { communityId, leaders: done.leaders, skipped: true };

  const ranked = rank(aggregateMonth(await monthEntries(deps.table, month, communityId)));
  const at = deps.clock.now().toISOString();
  const bonuses = new Map<string, number>();
  await mapLimited(ranked, CONCURRENCY, async (leader) => {
    const bonus = bonusFor(deps.config.points.monthlyBonus, leader);
    if (bonus <= 0) return;
    bonuses.set(leader.personId, bonus);
    await commitTransfer(deps.table, {
      id: bonusTransferId(month, communityId, leader.personId),
      from: ISSUING_ACCOUNT,
      to: leaderAccount(leader.personId),
      amount: bonus,
      at,
      memo: { reasons: ['monthly-bonus'], month, community: communityId, note: `第${leader.rank}名` },
    });
  });
  const about = await peopleAndBalances(
    deps,
    ranked.map((leader) => leader.personId),
  );
  const statements: Statement[] = ranked.map(({ rank: communityRank, ratings: _ratings, ...leader }) => {
    const { name, balance } = about(leader.personId);
    return {
      month,
      communityId,
      ...leader,
      ...(name ? { name } : {}),
      balance,
      communityRank,
      bonus: bonuses.get(leader.personId) ?? 0,
    };
  });
  await batchPut(deps.table, statements.map(statementItem));
  const histogram: Record<string, number> = {};
  for (const statement of statements) {
    histogram[String(statement.points)] = (histogram[String(statement.points)] ?? 0) + 1;
  }
  await putCommunityProgress(deps.table, month, {
    communityId,
    settled: true,
    leaders: statements.length,
    histogram,
    top: statements
      .slice(0, DISTRICT_TOP)
      .map(({ personId, name, points }) => ({ personId, points, ...(name ? { name } : {}) })),
  });
  recordMetric.leadersSettled(statements.length);
  logger.info('community settled', { month, communityId, leaders: statements.length, bonuses: bonuses.size });
  return { communityId, leaders: statements.length, skipped: false };
}

/**
 * RankDistrict: merges the communities' score histograms into the district's rank table and
 * leaderboard (one item). Reads one small item per community, not the statements.
 */
export async function rankDistrict(
  deps: Dependencies,
  input: { month: string },
): Promise<{ leaders: number }> {
  const { month } = input;
  const progress = await allCommunityProgress(deps.table, month);
  const histogram: Record<string, number> = {};
  for (const community of progress) {
    for (const [score, count] of Object.entries(community.histogram)) {
      histogram[score] = (histogram[score] ?? 0) + count;
    }
  }
  const ranks = rankTable(histogram);
  const top: LeaderboardEntry[] = rank(
    progress.flatMap((community) =>
      community.top.map((entry) => ({ ...entry, communityId: community.communityId })),
    ),
  )
    .slice(0, DISTRICT_TOP)
    .map((entry) => ({ ...entry, rank: ranks.get(entry.points) ?? entry.rank }));
  await putDistrictRanks(deps.table, { month, histogram, top });
  return { leaders: Object.values(histogram).reduce((sum, count) => sum + count, 0) };
}

/**
 * NotifyCommunity: writes each statement's district rank, queues each leader's summary SMS once
 * (a message item in the statement's partition: the outbox sends it, after quiet hours), and
 * writes the community's rows of the district CSV.
 */
export async function notifyCommunity(
  deps: Dependencies,
  input: { month: string; communityId: string },
): Promise<{ communityId: string; queued: number; skipped: boolean }> {
  const { month, communityId } = input;
  const progress = await getCommunityProgress(deps.table, month, communityId);
  if (progress?.notified) return { communityId, queued: 0, skipped: true };
  const ranks = await getDistrictRanks(deps.table, month);
  if (!ranks) throw new Error(`settlement ${month}: the district ranks are not written yet`);
  const table = rankTable(ranks.histogram);
  const statements = await communityStatements(deps.table, month, communityId);
  // Phones only: the balance is on the statement.
  const about = await peopleAndBalances(
    deps,
    statements.map((statement) => statement.personId),
    false,
  );
  let queued = 0;
  const ranked = await mapLimited(statements, CONCURRENCY, async (statement) => {
    const districtRank = table.get(statement.points) ?? 0;
    if (statement.districtRank !== districtRank) await setDistrictRank(deps.table, statement, districtRank);
    const withRank = { ...statement, districtRank };
    const phone = about(statement.personId).phone;
    if (!phone) return withRank;
    const sms = statementSms(deps.config.sms.signature, month, withRank);
    const at = deps.clock.now().toISOString();
    if (await queueSummaryMessage(deps.table, statement, { phone, sms, at })) queued++;
    return withRank;
  });
  const csv = ranked
    .map((s) =>
      csvLine([
        month,
        communityId,
        s.personId,
        s.name,
        s.points,
        s.requestsHandled,
        s.slaCompliance,
        s.averageRating,
        s.communityRank,
        s.districtRank,
        s.bonus,
        s.balance,
      ]),
    )
    .join('\n');
  await putCsvChunk(deps.table, month, communityId, csv);
  await markCommunityNotified(deps.table, month, communityId);
  return { communityId, queued, skipped: false };
}

/** FinishSettlement: marks the run finished with its counts; a re-run of the month then does nothing. */
export async function finishSettlement(deps: Dependencies, input: { month: string }) {
  const progress = await allCommunityProgress(deps.table, input.month);
  const leaders = progress.reduce((sum, community) => sum + community.leaders, 0);
  await finishRun(deps.table, input.month, deps.clock.now().toISOString(), {
    communities: progress.length,
    leaders,
  });
  const run = await getRun(deps.table, input.month);
  logger.info('settlement finished', { month: input.month, communities: progress.length, leaders });
  return { month: input.month, status: run?.status ?? 'finished', communities: progress.length, leaders };
}
