import { createHash } from 'node:crypto';
import { reaches, type Access, type Role } from '../../domain/access.js';
import { ISSUING_ACCOUNT, leaderAccount, type Transfer, type TransferMemo } from '../../domain/ledger.js';
import { ForbiddenError, UnprocessableError } from '../../errors.js';
import { contentDigest, replayIfSame } from '../../domain/idempotency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { postsHeldBy, type HeldNode } from '../../store/hierarchy-store.js';
import {
  awardsGivenWrite,
  commitTransfer,
  getAwardsGiven,
  getBalance,
  getEntryPage,
  getTransfer,
  TRANSFER_WRITE,
  TransactionRefused,
  type EntryPage,
  type TransactItem,
} from '../../store/ledger-store.js';
import { monthOf } from '../../domain/settlement.js';
import { assertNotOwnCredit, awardAllowance, capReached } from '../../domain/separation-of-duties.js';

/** Who reads a leader's account besides the leader, and gives one-off awards: staff over one of their posts. */
const STAFF: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

export interface AccountView extends EntryPage {
  personId: string;
  account: string;
  balance: number;
}

/** Whether the caller is staff (of the given roles) over one of the person's posts. */
const staffOver = (access: Access, posts: HeldNode[], roles: readonly Role[]) =>
  posts.some((post) => reaches(access, { ancestors: post.ancestors }, roles));

/** A leader's balance and one page of entries, newest first: the leader, or staff over one of their posts. */
export async function readAccount(
  deps: Dependencies,
  access: Access,
  personId: string,
  page: { limit: number; cursor?: string },
): Promise<AccountView> {
  if (personId !== access.personId) {
    const posts = await postsHeldBy(deps.table, personId);
    if (!staffOver(access, posts, STAFF)) {
      throw new ForbiddenError(`Only ${personId} and the staff over their posts read their points.`);
    }
  }
  const account = leaderAccount(personId);
  const [balance, entries] = await Promise.all([
    getBalance(deps.table, account),
    getEntryPage(deps.table, account, page),
  ]);
  return { personId, account, balance, ...entries };
}

/** The leader being awarded: they hold a post, and the caller is staff over one of them. */
async function awardee(deps: Dependencies, access: Access, personId: string, roles: readonly Role[]) {
  const posts = await postsHeldBy(deps.table, personId);
  if (posts.length === 0) {
    throw new UnprocessableError(`${personId} holds no post: points go to leaders.`, [
      { field: 'personId', message: 'not a leader' },
    ]);
  }
  if (!staffOver(access, posts, roles)) {
    throw new ForbiddenError(`${personId} leads outside the area you manage.`, [
      { field: 'personId', message: 'outside your area' },
    ]);
  }
  return communityOfPosts(posts);
}

/**
 * The community a leader's points are settled in: that of their first post (in index order) that
 * lies in a community; undefined for a leader who holds only street posts.
 */
export function communityOfPosts(posts: readonly HeldNode[]): string | undefined {
  for (const post of posts) {
    const community = post.type === 'community' ? post.id : post.ancestors.community;
    if (community) return community;
  }
  return undefined;
}

const withCommunity = (memo: TransferMemo, community: string | undefined): TransferMemo =>
  community ? { ...memo, community } : memo;

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);

/**
 * Issues points to a leader, as asked (`asked`: the parsed body, whose digest the transfer keeps),
 * with `alongside` writes in the same transaction; a transfer id used before returns the stored
 * transfer (200), or a 409 carrying it if asked otherwise.
 */
async function issue(
  deps: Dependencies,
  transfer: Transfer,
  asked: object,
  keyField: string,
  alongside: TransactItem[] = [],
) {
  const digest = contentDigest(asked);
  const result = await commitTransfer(deps.table, { ...transfer, requestDigest: digest }, alongside);
  if (result.outcome === 'duplicate') {
    replayIfSame({
      stored: result.transfer,
      storedDigest: result.transfer.requestDigest,
      digest,
      field: keyField,
      detail: `This ${keyField} was already used for transfer ${transfer.id}, with other content`,
    });
  }
  return { created: result.outcome === 'moved', transfer: result.transfer };
}

export interface AwardInput {
  personId: string;
  points: number;
  reason: string;
}

/** A one-off award by community or street staff (or an admin) over the leader, with a reason. */
export async function giveAward(
  deps: Dependencies,
  access: Access,
  input: AwardInput,
  idempotencyKey: string,
) {
  assertNotOwnCredit(access.personId, input.personId, 'award');
  if (input.points > deps.config.points.maxAward) {
    throw new UnprocessableError(`An award gives at most ${deps.config.points.maxAward} points.`, [
      { field: 'points', message: `at most ${deps.config.points.maxAward}` },
    ]);
  }
  const community = await awardee(deps, access, input.personId, STAFF);
  const memo = withCommunity({ reasons: ['award'], note: input.reason, by: access.personId }, community);
  const at = deps.clock.now();
  const month = monthOf(at, deps.config.district.timeZone);
  const cap = deps.config.points.monthlyAwardCap;
  const transfer: Transfer = {
    id: `award:${access.personId}:${idempotencyKey}`,
    from: ISSUING_ACCOUNT,
    to: leaderAccount(input.personId),
    amount: input.points,
    at: at.toISOString(),
    memo,
  };
  const counted = awardsGivenWrite(deps.table, { by: access.personId, month, points: input.points, cap });
  try {
    return await issue(deps, transfer, input, 'Idempotency-Key', [counted]);
  } catch (error) {
    if (!(error instanceof TransactionRefused && error.failed(TRANSFER_WRITE.alongside))) throw error;
    // A retry of an award already given is answered as one, whatever the counter says now.
    if (await getTransfer(deps.table, transfer.id)) return issue(deps, transfer, input, 'Idempotency-Key');
    const used = await getAwardsGiven(deps.table, access.personId, month);
    throw capReached(awardAllowance(month, cap, used), input.points);
  }
}

/** A staff member's own awards this month: the cap, what they gave and what remains. */
export async function readAwardAllowance(deps: Dependencies, access: Access) {
  if (!access.grants.some((grant) => STAFF.includes(grant.role))) {
    throw new ForbiddenError('Only community and street staff and district admins give awards.');
  }
  const month = monthOf(deps.clock.now(), deps.config.district.timeZone);
  const used = await getAwardsGiven(deps.table, access.personId, month);
  return { personId: access.personId, ...awardAllowance(month, deps.config.points.monthlyAwardCap, used) };
}

export interface VolunteerHoursInput {
  personId: string;
  hours: number;
  activity: string;
  /** The day worked, YYYY-MM-DD. */
  date: string;
}

/**
 * Volunteer hours logged by community staff: `perVolunteerHour` points an hour. The transfer id is
 * the person, the day and the activity (or the Idempotency-Key when given), so logging the same
 * work twice moves nothing twice.
 */
export async function logVolunteerHours(
  deps: Dependencies,
  access: Access,
  input: VolunteerHoursInput,
  idempotencyKey: string | undefined,
) {
  assertNotOwnCredit(access.personId, input.personId, 'volunteer hours');
  const points = Math.round(input.hours * deps.config.points.perVolunteerHour);
  if (points <= 0) {
    throw new UnprocessableError('This district gives no points for these hours.', [
      { field: 'hours', message: `worth ${points} points at ${deps.config.points.perVolunteerHour} an hour` },
    ]);
  }
  const community = await awardee(deps, access, input.personId, ['community_staff']);
  const key = idempotencyKey ?? `${input.date}:${digest(input.activity)}`;
  return issue(
    deps,
    {
      id: `volunteer:${input.personId}:${key}`,
      from: ISSUING_ACCOUNT,
      to: leaderAccount(input.personId),
      amount: points,
      at: deps.clock.now().toISOString(),
      memo: withCommunity(
        {
          reasons: ['volunteer-hours'],
          activity: input.activity,
          note: `${input.hours} h on ${input.date}`,
          by: access.personId,
        },
        community,
      ),
    },
    input,
    idempotencyKey ? 'Idempotency-Key' : 'activity',
  );
}
