import { dispatchOverdue } from '../../domain/dispatch.js';
import {
  assignFirstLeader,
  autoConfirm,
  escalate,
  isPastDeadline,
  nextStep,
  remind,
  type Transition,
} from '../../domain/lifecycle.js';
import type { NextStep, ServiceRequest } from '../../domain/request.js';
import { triageOverdue } from '../../domain/triage.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { getChain, getHousehold } from '../../store/hierarchy-store.js';
import { commitTransition, getRequest, saveTaskToken, StaleRequestError } from '../../store/request-store.js';
import { applyBreachDeductions } from './breach-deductions.js';
import { lifecycleContext } from './lifecycle-context.js';
import { servedByRequest } from './served.js';

/**
 * The workflow's steps. Each one reads the stored request and decides from it, so a retried or
 * late step finds the work done and only reports where the request is: the store is the truth,
 * the workflow follows it.
 */
type Decide = (request: ServiceRequest, deps: Dependencies) => Promise<Transition | undefined>;

async function step(deps: Dependencies, requestId: string, decide: Decide): Promise<NextStep> {
  const stored = await getRequest(deps.table, requestId);
  if (!stored) throw new Error(`request ${requestId} does not exist`);
  const transition = await decide(stored.request, deps);
  if (!transition) {
    await applyBreachDeductions(deps, stored.request);
    return nextStep(stored.request, deps.clock.now());
  }
  try {
    await commitTransition(deps.table, transition, {
      version: stored.request.version,
      taskToken: stored.taskToken,
    });
  } catch (error) {
    if (!(error instanceof StaleRequestError)) throw error;
    return step(deps, requestId, decide);
  }
  recordMetric.transition(stored.request, transition);
  await applyBreachDeductions(deps, transition.request);
  return nextStep(transition.request, deps.clock.now());
}

async function chainOf(deps: Dependencies, request: ServiceRequest) {
  if (!request.householdId) throw new Error(`request ${request.id} has no household yet`);
  const household = await getHousehold(deps.table, request.householdId);
  if (!household) throw new Error(`household ${request.householdId} of request ${request.id} does not exist`);
  return getChain(deps.table, household);
}

/** AssignToLeader: route a submitted request to the first held post, from the unit up. */
export function assignLeader(deps: Dependencies, requestId: string): Promise<NextStep> {
  return step(deps, requestId, async (request) =>
    request.status === 'submitted'
      ? assignFirstLeader(request, await chainOf(deps, request), lifecycleContext(deps))
      : undefined,
  );
}

/**
 * Escalate: after a leader asked, or when the deadline has really passed (a dispatch's deadline
 * sends it back to the leader instead). A leader's wait that ran out at its reminder reminds them
 * (once: the reminder leaves the request with it); otherwise report where things are.
 */
export function escalateRequest(deps: Dependencies, requestId: string): Promise<NextStep> {
  return step(deps, requestId, async (request) => {
    if (request.status === 'submitted')
      return assignFirstLeader(request, await chainOf(deps, request), lifecycleContext(deps));
    // Triage stays with the community's staff; its deadline tells the supervisors.
    if (request.status === 'triage') {
      return isPastDeadline(request, deps.clock.now())
        ? triageOverdue(request, lifecycleContext(deps))
        : undefined;
    }
    // A dispatched provider who misses their deadline hands the request back to its leader, not up.
    if (request.status === 'dispatched') {
      return isPastDeadline(request, deps.clock.now())
        ? dispatchOverdue(request, lifecycleContext(deps))
        : undefined;
    }
    const timedOut =
      (request.status === 'assigned' || request.status === 'acknowledged') &&
      isPastDeadline(request, deps.clock.now());
    if (request.status !== 'escalating' && !timedOut) return remind(request, lifecycleContext(deps));
    return escalate(request, await chainOf(deps, request), lifecycleContext(deps));
  });
}

/** AutoConfirm: the resident stayed silent past the confirmation deadline. */
export function autoConfirmRequest(deps: Dependencies, requestId: string): Promise<NextStep> {
  return step(deps, requestId, async (request) =>
    request.status === 'resolved' && isPastDeadline(request, deps.clock.now())
      ? autoConfirm(request, lifecycleContext(deps), await servedByRequest(deps, request))
      : undefined,
  );
}

/**
 * AwaitLeader / AwaitResident: remember the task token on the request. If the request moved on
 * before the token arrived, complete the task at once with where it is now.
 */
export async function registerTaskToken(
  deps: Dependencies,
  task: { requestId: string; token: string; version: number },
): Promise<void> {
  if (await saveTaskToken(deps.table, task.requestId, task.version, task.token)) return;
  const stored = await getRequest(deps.table, task.requestId);
  if (!stored) throw new Error(`request ${task.requestId} does not exist`);
  await deps.workflow.completeTask(task.token, nextStep(stored.request, deps.clock.now()));
}
