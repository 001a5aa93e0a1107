import { submit } from '../../domain/lifecycle.js';
import type { Actor, IntakeOrigin } from '../../domain/request.js';
import { submitToTriage } from '../../domain/triage.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { markProcessed } from '../../store/delivery-store.js';
import { getNode } from '../../store/hierarchy-store.js';
import { commitTransition, getRequest, StaleRequestError } from '../../store/request-store.js';
import type { StoredDelivery } from '../../domain/intake-delivery.js';
import { resolveHousehold } from './resolve-household.js';

function addressText(delivery: StoredDelivery): string | undefined {
  const address = delivery.submission.address;
  if (!address) return undefined;
  const parts = [address.community, address.building, address.unit, address.room].filter(Boolean);
  return address.text ?? (parts.length > 0 ? parts.join(' ') : undefined);
}

/**
 * A stored delivery becomes a request: in its household's lifecycle when the household is found
 * (by id, a resident's phone, or the address), else in triage with the partner's community staff.
 * Its insert starts the request's workflow (the stream again). Safe to run twice (the stream
 * retries): the request id is the delivery's, so the second run finds the request and only marks
 * the delivery processed.
 */
export async function processDelivery(deps: Dependencies, delivery: StoredDelivery): Promise<void> {
  const existing = await getRequest(deps.table, delivery.requestId);
  const outcome: Outcome = existing
    ? {
        placed: existing.request.householdId ? 'household' : 'triage',
        at: existing.request.createdAt,
      }
    : await createRequest(deps, delivery);
  if (delivery.status !== 'processed') await markProcessed(deps.table, delivery.deliveryId, outcome);
}

type Outcome = NonNullable<StoredDelivery['outcome']>;

async function createRequest(deps: Dependencies, delivery: StoredDelivery): Promise<Outcome> {
  const { submission, requestId } = delivery;
  const context = { config: deps.config, now: deps.clock.now() };
  const submittedBy: Actor = { kind: 'partner', id: delivery.partnerId, name: delivery.partner.name };
  const given = addressText(delivery);
  const intake: IntakeOrigin = {
    partnerId: delivery.partnerId,
    channel: delivery.channel,
    externalId: submission.externalId,
    ...(submission.contactName ? { contactName: submission.contactName } : {}),
    ...(given ? { addressGiven: given } : {}),
    ...(submission.location ? { location: submission.location } : {}),
  };
  const request = {
    id: requestId,
    submittedBy,
    category: delivery.category,
    description: submission.description,
    priority: submission.priority ?? 'normal',
    photos: submission.photos,
    intake,
    ...(submission.phone ? { contactPhone: submission.phone } : {}),
  };
  const found = await resolveHousehold(
    deps.table,
    {
      ...(submission.householdId ? { householdId: submission.householdId } : {}),
      ...(submission.phone ? { phone: submission.phone } : {}),
      ...(submission.address ? { address: submission.address } : {}),
    },
    delivery.partner.scope,
  );
  const community = found ? undefined : await getNode(deps.table, delivery.partner.triageCommunityId);
  if (!found && community?.type !== 'community') {
    throw new Error(
      `partner ${delivery.partnerId}'s triage community ${delivery.partner.triageCommunityId} is gone`,
    );
  }
  const transition = found
    ? submit({ ...request, household: found.household }, context)
    : submitToTriage(
        {
          ...request,
          community: community as NonNullable<typeof community>,
          reason: 'no household matched the id, phone or address the form gave; community staff to place it',
        },
        context,
      );
  try {
    await commitTransition(deps.table, transition, { version: 0 });
    recordMetric.transition(undefined, transition);
  } catch (error) {
    // A concurrent run of the same delivery stored it first: the same request, nothing to add.
    if (!(error instanceof StaleRequestError)) throw error;
  }
  return found
    ? { placed: 'household', by: found.by, at: context.now.toISOString() }
    : { placed: 'triage', at: context.now.toISOString() };
}
