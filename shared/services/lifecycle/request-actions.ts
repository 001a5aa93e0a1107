import { completeDispatch, dispatchTo } from '../../domain/dispatch.js';
import {
  ACTION_EVENTS,
  actAsLeader,
  actAsResident,
  attachHousehold,
  isResidentAction,
  type LeaderAction,
  type LifecycleContext,
  type ResidentAction,
  type Transition,
} from '../../domain/lifecycle.js';
import type { Actor, ServiceProvider, ServiceRequest, TimelineEvent } from '../../domain/request.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../errors.js';
import { isResidentOnly, reaches, residentHousehold, type Access, type Role } from '../../domain/access.js';
import type { ChainLink, Household } from '../../domain/hierarchy.js';
import { contentDigest, replayIfSame } from '../../domain/idempotency.js';
import { assertNotOwnHousehold } from '../../domain/separation-of-duties.js';
import { dismissTriage } from '../../domain/triage.js';
import { getChain, getHousehold } from '../../store/hierarchy-store.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { getProvider } from '../../store/provider-store.js';
import { commitTransition, getRequest, StaleRequestError } from '../../store/request-store.js';
import { applyBreachDeductions } from './breach-deductions.js';
import { requestView } from './request-view.js';
import { checkPhotos } from '../photos/photo-uploads.js';
import { servedByRequest } from './served.js';
import { tellWorkflow } from './tell-workflow.js';
import { lifecycleContext } from './lifecycle-context.js';

export type Action = LeaderAction | ResidentAction | 'dispatch' | 'complete' | 'attach' | 'dismiss';

export interface ActionDetails {
  note?: string;
  rating?: number;
  /** dispatch: the provider (one of the ten staff or a volunteer team) to send. */
  to?: string;
  /** attach: the household a request in triage is for. */
  householdId?: string;
  /** resolve: keys of the leader's photos of the work done. */
  photos?: string[];
}

const EVENTS: Record<Action, TimelineEvent> = {
  ...ACTION_EVENTS,
  dispatch: 'dispatched',
  complete: 'dispatch-completed',
  attach: 'attached',
  dismiss: 'dismissed',
};

/** What community staff do with a request in triage. */
const TRIAGE_ACTIONS: readonly Action[] = ['attach', 'dismiss'];

/** Who places a request in triage: the staff of its community, street or district. */
const TRIAGE_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

/** The actions that ask whom the request serves: closing (no points for them) and reporting work done. */
const SERVED_MATTERS: readonly Action[] = ['confirm', 'complete'];

function actorOf(access: Access, action: Action): Actor {
  return {
    kind: isResidentAction(action)
      ? 'resident'
      : action === 'complete' || TRIAGE_ACTIONS.includes(action)
        ? 'staff'
        : 'leader',
    id: access.personId,
    ...(access.name ? { name: access.name } : {}),
  };
}

/** Residents answer for their household; a leader acts on what is assigned to them (the domain checks that). */
function authorize(request: ServiceRequest, access: Access, action: Action): void {
  const residentOfIt = residentHousehold(access) === request.householdId;
  if (isResidentAction(action)) {
    if (residentOfIt) return;
    if (isResidentOnly(access)) throw new NotFoundError(`Request ${request.id} does not exist.`);
    throw new ForbiddenError(`Only a resident of the household can ${action} request ${request.id}.`);
  }
  if (isResidentOnly(access)) {
    if (!residentOfIt) throw new NotFoundError(`Request ${request.id} does not exist.`);
    throw new ForbiddenError(`Residents cannot ${action} a request; its leader does.`);
  }
  if (TRIAGE_ACTIONS.includes(action) && !reaches(access, { ancestors: request.ancestors }, TRIAGE_ROLES)) {
    throw new ForbiddenError(`Only the staff of its community place request ${request.id}.`);
  }
}

/** attach: the household named, which the caller must reach too, and its chain of leaders. */
async function placeFor(deps: Dependencies, access: Access, action: Action, details: ActionDetails) {
  if (action !== 'attach') return undefined;
  const household = details.householdId ? await getHousehold(deps.table, details.householdId) : undefined;
  if (!household) {
    throw new UnprocessableError(`Household ${details.householdId ?? ''} does not exist.`, [
      { field: 'householdId', message: details.householdId ? 'unknown household' : 'required for attach' },
    ]);
  }
  if (!reaches(access, { householdId: household.id, ancestors: household.ancestors }, TRIAGE_ROLES)) {
    throw new ForbiddenError(`Household ${household.id} is outside your area.`, [
      { field: 'householdId', message: 'outside your area' },
    ]);
  }
  return { household, chain: await getChain(deps.table, household) };
}

const isRepeat = (request: ServiceRequest, access: Access, action: Action) =>
  request.lastEvent?.event === EVENTS[action] && request.lastEvent.actorId === access.personId;

/**
 * The same person's same action again: answered with the request as it is when it asks what the
 * first one asked (a double tap, a retry), a 409 carrying it when it asks otherwise (another note,
 * another rating): what was done first is never silently replaced nor silently kept.
 */
function replayed(request: ServiceRequest, access: Access, action: Action, digest: string) {
  return replayIfSame({
    stored: requestView(request, access),
    storedDigest: request.lastEvent?.digest,
    digest,
    field: action,
    detail:
      `You already did ${action} on request ${request.id} with other content ` +
      `(GET /requests/${request.id} shows it on the timeline)`,
  });
}

/** The person's action records the digest of what they asked, for their repeats to be compared with. */
function withDigest(transition: Transition, digest: string): Transition {
  const { lastEvent } = transition.request;
  if (!lastEvent) return transition;
  return { ...transition, request: { ...transition.request, lastEvent: { ...lastEvent, digest } } };
}

/** The provider a dispatch names, looked up once before the decision. */
async function providerFor(deps: Dependencies, action: Action, details: ActionDetails) {
  if (action !== 'dispatch') return undefined;
  const provider = details.to ? await getProvider(deps.table, details.to) : undefined;
  if (!provider) {
    throw new UnprocessableError(`No staff member or volunteer team ${details.to ?? ''} in this district.`, [
      { field: 'to', message: details.to ? 'unknown provider' : 'required for dispatch' },
    ]);
  }
  return provider;
}

function decide(
  before: ServiceRequest,
  access: Access,
  action: Action,
  details: ActionDetails,
  provider: ServiceProvider | undefined,
  place: { household: Household; chain: ChainLink[] } | undefined,
  served: ReadonlySet<string>,
  context: LifecycleContext,
): Transition {
  const actor = actorOf(access, action);
  switch (action) {
    case 'dismiss':
      return dismissTriage(before, actor, details.note ?? '', context);
    case 'attach': {
      const { household, chain } = place as NonNullable<typeof place>;
      return attachHousehold(before, household, chain, actor, context);
    }
    case 'confirm':
    case 'reject':
      return actAsResident(before, actor, action, details, context, served);
    case 'dispatch':
      return dispatchTo(before, actor, provider as ServiceProvider, details.note, context);
    case 'complete':
      assertNotOwnHousehold(served, actor.id, before.id);
      return completeDispatch(before, actor, details.note ?? '', context);
    default:
      return actAsLeader(before, actor, action, details.note, context, details.photos);
  }
}

/**
 * A leader's or a resident's action. One write wins: a concurrent or late action gets a 409 that
 * says what happened instead; the same action repeated by the same person is answered, not applied
 * twice (or a 409 when it asks for something else). The answer is the request as the caller sees it.
 */
export async function actOnRequest(
  deps: Dependencies,
  access: Access,
  requestId: string,
  action: Action,
  details: ActionDetails,
) {
  const digest = contentDigest({ action, ...details });
  const provider = await providerFor(deps, action, details);
  let place: Awaited<ReturnType<typeof placeFor>>;
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await getRequest(deps.table, requestId);
    if (!stored) throw new NotFoundError(`Request ${requestId} does not exist.`);
    const before = stored.request;
    authorize(before, access, action);
    place ??= await placeFor(deps, access, action, details);
    if (attempt === 0) await checkPhotos(deps, access, details.photos ?? []);
    if (isRepeat(before, access, action)) {
      const answer = replayed(before, access, action, digest);
      await tellWorkflow(deps, stored.taskToken, before);
      await applyBreachDeductions(deps, before);
      return answer;
    }
    const context = lifecycleContext(deps);
    const served = SERVED_MATTERS.includes(action) ? await servedByRequest(deps, before) : new Set<string>();
    const transition = withDigest(
      decide(before, access, action, details, provider, place, served, context),
      digest,
    );
    try {
      await commitTransition(deps.table, transition, {
        version: before.version,
        taskToken: stored.taskToken,
      });
    } catch (error) {
      if (!(error instanceof StaleRequestError)) throw error;
      const now = await getRequest(deps.table, requestId);
      if (now?.request.version === before.version) continue;
      if (now && isRepeat(now.request, access, action)) return replayed(now.request, access, action, digest);
      throw new ConflictError(
        `Request ${requestId} changed while your ${action} was being applied: ` +
          `it is now ${now?.request.status ?? 'unknown'} at the ${now?.request.level ?? 'unknown'} level. ` +
          '诉求状态已变化,请刷新后重试。',
      );
    }
    recordMetric.transition(before, transition);
    // The SMS were written with the change: the outbox sends them (docs/notifications.md).
    await tellWorkflow(deps, stored.taskToken, transition.request);
    await applyBreachDeductions(deps, transition.request);
    return requestView(transition.request, access);
  }
  throw new ConflictError(`Request ${requestId} is busy; try again. 系统繁忙,请重试。`);
}
