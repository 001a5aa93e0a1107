import type { Priority } from '../domain/levels.js';
import { submit } from '../domain/lifecycle.js';
import type { ServiceRequest } from '../domain/request.js';
import { ForbiddenError, UnprocessableError } from '../errors.js';
import { reaches, residentHousehold, type Access } from '../domain/access.js';
import { assertOwnHouseholdForResidents } from './access.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { idempotentRequestId, newRequestId } from '../runtime/ids.js';
import { getHousehold } from '../store/hierarchy-store.js';
import { commitTransition, getRequest, StaleRequestError } from '../store/request-store.js';

export interface SubmitRequestInput {
  householdId?: string;
  category: string;
  description: string;
  priority: Priority;
  photos: string[];
}

const sameSubmission = (request: ServiceRequest, input: SubmitRequestInput, householdId: string) =>
  request.householdId === householdId &&
  request.category === input.category &&
  request.description === input.description &&
  request.priority === input.priority &&
  JSON.stringify(request.photos) === JSON.stringify(input.photos);

/**
 * Stores the request with its first timeline entry; its insert starts its workflow (the table's
 * stream). With an Idempotency-Key a retried submission maps to the same request.
 */
export async function submitRequest(
  deps: Dependencies,
  access: Access,
  input: SubmitRequestInput,
  idempotencyKey: string | undefined,
): Promise<{ request: ServiceRequest; created: boolean }> {
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
  const now = deps.clock.now();
  const id = idempotencyKey ? idempotentRequestId(householdId, idempotencyKey) : newRequestId(now);
  const existing = idempotencyKey ? await getRequest(deps.table, id) : undefined;
  if (existing) return replay(existing.request, input, householdId);

  const submittedBy = {
    kind: householdId === ownHousehold ? 'resident' : 'leader',
    id: access.personId,
    ...(access.name ? { name: access.name } : {}),
  } as const;
  const transition = submit({ id, household, submittedBy, ...input }, { config: deps.config, now });
  try {
    await commitTransition(deps.table, transition, { version: 0 });
  } catch (error) {
    const raced = error instanceof StaleRequestError ? await getRequest(deps.table, id) : undefined;
    if (!raced) throw error;
    return replay(raced.request, input, householdId);
  }
  return { request: transition.request, created: true };
}

function replay(request: ServiceRequest, input: SubmitRequestInput, householdId: string) {
  if (!sameSubmission(request, input, householdId)) {
    throw new UnprocessableError('This Idempotency-Key was already used for a different request.', [
      { field: 'Idempotency-Key', message: 'reused with a different body' },
    ]);
  }
  return { request, created: false };
}
