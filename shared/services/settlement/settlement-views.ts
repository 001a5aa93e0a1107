/**
 * What the API serves of a settled month: a leader's statements, the leaderboards, the district's
 * CSV, and settling a month on demand.
 */
import { reaches, type Access, type Role } from '../../domain/access.js';
import { isMonth, SUMMARY_CSV_HEADER } from '../../domain/settlement.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { communityOfPosts } from '../points/accounts.js';
import { postsHeldBy } from '../../store/hierarchy-store.js';
import {
  communityStatements,
  csvChunks,
  getDistrictRanks,
  getRun,
  getStatement,
  type LeaderboardEntry,
  type Statement,
} from '../../store/settlement-store.js';
import { DISTRICT_TOP, settleableMonth } from './settle-month.js';

const STAFF: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

export function parseMonth(month: string): string {
  if (!isMonth(month)) {
    throw new ValidationError(`"${month}" is not a month: write it YYYY-MM, e.g. 2026-10.`, [
      { field: 'month', message: 'must be YYYY-MM' },
    ]);
  }
  return month;
}

/**
 * A leader's statements of a month (one per community they earned in; their posts' communities):
 * the leader themself, or staff over one of their posts.
 */
export async function readStatements(
  deps: Dependencies,
  access: Access,
  month: string,
  personId: string,
): Promise<{ month: string; personId: string; items: Statement[] }> {
  parseMonth(month);
  const posts = await postsHeldBy(deps.table, personId);
  if (
    personId !== access.personId &&
    !posts.some((post) => reaches(access, { ancestors: post.ancestors }, STAFF))
  ) {
    throw new ForbiddenError(`Only ${personId} and the staff over their posts read their statements.`);
  }
  const communities = new Set(posts.map((post) => communityOfPosts([post])).filter((id) => id !== undefined));
  const found = await Promise.all(
    [...communities].map((communityId) => getStatement(deps.table, month, communityId, personId)),
  );
  return { month, personId, items: found.filter((statement) => statement !== undefined) };
}

export interface Leaderboard {
  month: string;
  community?: string;
  items: LeaderboardEntry[];
}

/** A community's ranks (every statement, best first), or without a community the district's top 100. */
export async function leaderboard(
  deps: Dependencies,
  month: string,
  community?: string,
): Promise<Leaderboard> {
  parseMonth(month);
  if (community) {
    const statements = await communityStatements(deps.table, month, community);
    const items = statements
      .map(({ personId, name, points, communityRank, communityId }) => ({
        personId,
        ...(name ? { name } : {}),
        communityId,
        points,
        rank: communityRank,
      }))
      .sort((a, b) => a.rank - b.rank || (a.personId < b.personId ? -1 : 1));
    return { month, community, items };
  }
  const ranks = await getDistrictRanks(deps.table, month);
  if (!ranks) throw new NotFoundError(`${month} has not been settled.`);
  return { month, items: ranks.top.slice(0, DISTRICT_TOP) };
}

/** The district's summary of a settled month as CSV (the bureau: district admins). */
export async function summaryCsv(deps: Dependencies, access: Access, month: string): Promise<string> {
  parseMonth(month);
  if (!access.grants.some((grant) => grant.role === 'district_admin')) {
    throw new ForbiddenError("The district's settlement summary is for district admins.");
  }
  const run = await getRun(deps.table, month);
  if (run?.status !== 'finished') throw new NotFoundError(`${month} has not been settled.`);
  const chunks = (await csvChunks(deps.table, month)).filter((chunk) => chunk.length > 0);
  return [SUMMARY_CSV_HEADER, ...chunks].join('\n') + '\n';
}

/** Settles a month on demand (district admins): 400 malformed, 409 not ended, else 202 started. */
export async function requestSettlement(deps: Dependencies, access: Access, month: string) {
  if (!access.grants.some((grant) => grant.role === 'district_admin')) {
    throw new ForbiddenError('Only a district admin settles a month.');
  }
  const chosen = settleableMonth(deps, month);
  if (!deps.settlement) throw new Error('this function cannot start a settlement');
  const execution = await deps.settlement.startSettlement(chosen);
  return { month: chosen, execution };
}
