import { ConflictError, ForbiddenError } from '../errors.js';
import type { Reward } from './reward-rules.js';
import type { ServiceRequest } from './request.js';

/**
 * Separation of duties over points: nobody moves points to their own benefit. Whoever gives,
 * prices or hands out is never the one who receives; a request earns nothing for the leaders it
 * serves. Pure: the services ask these rules before they write.
 */

/** Awards and volunteer hours: the person credited is never the one crediting. */
export function assertNotOwnCredit(callerId: string, personId: string, what: 'award' | 'volunteer hours') {
  if (callerId !== personId) return;
  throw new ForbiddenError(
    `Nobody credits themselves: ${what === 'award' ? 'an award' : 'volunteer hours'} for you must come from other staff over your post.`,
    [{ field: 'personId', message: 'is you: points cannot go to the person giving them' }],
  );
}

/** A staff member's awards this month against the district's monthly cap. */
export interface AwardAllowance {
  month: string;
  cap: number;
  used: number;
  remaining: number;
}

export const awardAllowance = (month: string, cap: number, used: number): AwardAllowance => ({
  month,
  cap,
  used,
  remaining: Math.max(0, cap - used),
});

/** 409 for an award that would take its giver past the monthly cap: the cap, what is used and what is left. */
export function capReached(allowance: AwardAllowance, points: number): ConflictError {
  return new ConflictError(
    `Awards are capped at ${allowance.cap} points per staff member per month: ` +
      `${allowance.used} given in ${allowance.month}, ${allowance.remaining} remaining, ${points} asked.`,
    [
      {
        field: 'points',
        message: `over the monthly cap: cap ${allowance.cap}, used ${allowance.used}, remaining ${allowance.remaining}`,
      },
    ],
  );
}

/**
 * Who set a reward's price or stock does not redeem it: a keeper could otherwise price a reward at
 * one point, or put one on the shelf, and take it. Another keeper (or the district) may re-set it.
 */
export function assertNotOwnPricing(reward: Pick<Reward, 'id' | 'setBy'>, callerId: string): void {
  if (reward.setBy !== callerId) return;
  throw new ForbiddenError(
    `You set the price or stock of ${reward.id}: another keeper of its catalogue must set it before you redeem it.`,
    [{ field: 'id', message: 'priced or stocked by you' }],
  );
}

/** A reward leaves the grid station signed for by someone other than the leader who redeemed it. */
export function assertNotOwnFulfilment(redemption: { id: string; personId: string }, callerId: string) {
  if (redemption.personId !== callerId) return;
  throw new ForbiddenError(
    `Redemption ${redemption.id} is yours: another keeper of the catalogue hands it out.`,
    [{ field: 'id', message: 'your own redemption' }],
  );
}

/**
 * The people a request serves: who raised it and the residents of its household. A leader among
 * them still handles it (the request is not held back from the household), but earns no closing
 * points for it: a leader could otherwise raise, resolve and confirm their own requests for points.
 */
export function servedBy(
  request: Pick<ServiceRequest, 'submittedBy'>,
  householdResidents: readonly { personId: string }[],
): Set<string> {
  return new Set([request.submittedBy.id, ...householdResidents.map((resident) => resident.personId)]);
}

/** Work for one's own household is reported done by another member of the team, or comes back to the leader. */
export function assertNotOwnHousehold(served: ReadonlySet<string>, callerId: string, requestId: string) {
  if (!served.has(callerId)) return;
  throw new ForbiddenError(
    `Request ${requestId} is for your own household: another member of your team reports it done, or its deadline returns it to the leader.`,
  );
}
