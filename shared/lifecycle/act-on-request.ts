import {
  ACTION_EVENTS,
  actAsLeader,
  actAsResident,
  nextStep,
  type LeaderAction,
  type ResidentAction,
} from '../domain/lifecycle.js';
import type { Actor, ServiceRequest } from '../domain/request.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Caller } from '../http/caller.js';
import type { Dependencies } from '../runtime/dependencies.js';
import {
  commitTransition,
  getRequest,
  StaleRequestError,
  type StoredRequest,
} from '../store/request-store.js';
import { deliverMessages, redeliverQueued } from './deliver.js';

export type Action = LeaderAction | ResidentAction;

export interface ActionDetails {
  note?: string;
  rating?: number;
}

const RESIDENT_ACTIONS: readonly Action[] = ['confirm', 'reject'];

function actorOf(caller: Caller): Actor {
  return {
    kind: caller.role === 'resident' ? 'resident' : 'leader',
    id: caller.personId,
    ...(caller.name ? { name: caller.name } : {}),
  };
}

function authorize(request: ServiceRequest, caller: Caller, action: Action): void {
  if (RESIDENT_ACTIONS.includes(action)) {
    if (caller.role !== 'resident' || caller.householdId !== request.householdId) {
      if (caller.role === 'resident') throw new NotFoundError(`Request ${request.id} does not exist.`);
      throw new ForbiddenError(`Only a resident of the household can ${action} request ${request.id}.`);
    }
  } else if (caller.role === 'resident') {
    throw new ForbiddenError(`Residents cannot ${action} a request; its leader does.`);
  }
}

const isRepeat = (request: ServiceRequest, caller: Caller, action: Action) =>
  request.lastEvent?.event === ACTION_EVENTS[action] && request.lastEvent.actorId === caller.personId;

/** Tells a waiting workflow where the request is now; a gone task is fine, the workflow reconciles. */
async function notifyWorkflow(deps: Dependencies, stored: StoredRequest, request: ServiceRequest) {
  if (stored.taskToken)
    await deps.workflow.completeTask(stored.taskToken, nextStep(request, deps.clock.now()));
}

/**
 * A leader's or a resident's action. One write wins: a concurrent or late action gets a 409 that
 * says what happened instead; the same action repeated by the same person is answered, not applied twice.
 */
export async function actOnRequest(
  deps: Dependencies,
  caller: Caller,
  requestId: string,
  action: Action,
  details: ActionDetails,
): Promise<ServiceRequest> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await getRequest(deps.table, requestId);
    if (!stored) throw new NotFoundError(`Request ${requestId} does not exist.`);
    const before = stored.request;
    authorize(before, caller, action);
    if (isRepeat(before, caller, action)) {
      await redeliverQueued(deps, requestId);
      await notifyWorkflow(deps, stored, before);
      return before;
    }
    const context = { config: deps.config, now: deps.clock.now() };
    const transition = RESIDENT_ACTIONS.includes(action)
      ? actAsResident(before, actorOf(caller), action as ResidentAction, details, context)
      : actAsLeader(before, actorOf(caller), action as LeaderAction, details.note, context);
    try {
      await commitTransition(deps.table, transition, {
        version: before.version,
        taskToken: stored.taskToken,
      });
    } catch (error) {
      if (!(error instanceof StaleRequestError)) throw error;
      const now = await getRequest(deps.table, requestId);
      if (now?.request.version === before.version) continue;
      if (now && isRepeat(now.request, caller, action)) return now.request;
      throw new ConflictError(
        `Request ${requestId} changed while your ${action} was being applied: ` +
          `it is now ${now?.request.status ?? 'unknown'} at the ${now?.request.level ?? 'unknown'} level. ` +
          '诉求状态已变化,请刷新后重试。',
      );
    }
    // The workflow first: a failed SMS must not leave it waiting; the SMS stays queued, and the
    // client's retry (answered as a repeat) sends it.
    await notifyWorkflow(deps, stored, transition.request);
    await deliverMessages(deps, requestId, transition.messages);
    return transition.request;
  }
  throw new ConflictError(`Request ${requestId} is busy; try again. 系统繁忙,请重试。`);
}
