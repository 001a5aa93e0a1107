import type { Priority } from '../../config/vocabulary.js';
import { contentDigest, replayIfSame } from '../../domain/idempotency.js';
import { submit } from '../../domain/lifecycle.js';
import type { ServiceRequest } from '../../domain/request.js';
import { ForbiddenError, UnprocessableError } from '../../errors.js';
import {
  assertOwnHouseholdForResidents,
  reaches,
  residentHousehold,
  type Access,
} from '../../domain/access.js';
import { requestView } from './request-view.js';
import { checkPhotos } from '../photos/photo-uploads.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { idempotentRequestId, newRequestId } from '../../domain/ids.js';
import { getHousehold } from '../../store/hierarchy-store.js';
import { commitTransition, getRequest, StaleRequestError } from '../../store/request-store.js';

export interface SubmitRequestInput {
  householdId?: string;
  category: string;
  description: string;
  priority: Priority;
  photos: string[];
}

/**
 * Stores the request with its first timeline entry; its insert starts its workflow (the table's
 * stream). With an Idempotency-Key (the caller's own: one person's key never meets another's) a
 * retried submission maps to the same request; the key with another submission is a 409.
 * The answer is the request as the caller sees it.
 */
export async function submitRequest(
  deps: Dependencies,
  access: Access,
  input: SubmitRequestInput,
  idempotencyKey: string | undefined,
) {
  const ownHousehold = residentHousehold(access);
  const householdId = input.householdId ?? ownHousehold;
  if (!householdId) {
    throw new UnprocessableError('Say which household the request is for.', [
      { field: 'householdId', message: 'required when submitting on behalf of a household' },
    ]);
  }
  assertOwnHouseholdForResidents(access, householdId);
  const household = await getHousehold(deps.table, householdId);
  if (!household) {
    throw new UnprocessableError(`Household ${householdId} does not exist.`, [
      { field: 'householdId', message: 'unknown household' },
    ]);
  }
  // Residents raise requests for their own household; leaders and staff for households in their area.
  if (!reaches(access, { householdId, ancestors: household.ancestors })) {
    throw new ForbiddenError(`Household ${householdId} is outside your area.`, [
      { field: 'householdId', message: 'not your household or area' },
    ]);
  }
  await checkPhotos(deps, access, input.photos);
  const now = deps.clock.now();
  const id = idempotencyKey ? idempotentRequestId(access.personId, idempotencyKey) : newRequestId(now);
  const digest = contentDigest({ ...input, householdId });
  const existing = idempotencyKey ? await getRequest(deps.table, id) : undefined;
  if (existing) return replay(existing.request, access, digest);

  const submittedBy = {
    kind: householdId === ownHousehold ? 'resident' : 'leader',
    id: access.personId,
    ...(access.name ? { name: access.name } : {}),
  } as const;
  const submitted = submit({ id, household, submittedBy, ...input }, { config: deps.config, now });
  const transition = idempotencyKey
    ? { ...submitted, request: { ...submitted.request, submissionDigest: digest } }
    : submitted;
  try {
    await commitTransition(deps.table, transition, { version: 0 });
  } catch (error) {
    const raced = error instanceof StaleRequestError ? await getRequest(deps.table, id) : undefined;
    if (!raced) throw error;
    return replay(raced.request, access, digest);
  }
  recordMetric.transition(undefined, transition);
  return { request: requestView(transition.request, access), created: true };
}

function replay(request: ServiceRequest, access: Access, digest: string) {
  const stored = replayIfSame({
    stored: requestView(request, access),
    storedDigest: request.submissionDigest,
    digest,
    field: 'Idempotency-Key',
    detail: `This Idempotency-Key was already used for request ${request.id}, with other content`,
  });
  return { request: stored, created: false };
}
