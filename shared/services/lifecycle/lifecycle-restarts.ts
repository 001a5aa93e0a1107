import { OPEN_STATUSES } from '../../domain/request.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { logger } from '../../logger.js';
import { getRequest } from '../../store/request-store.js';

/** After this many restarts of one request the operators' alarm (a failed execution) is the recourse. */
export const MAX_RESTARTS = 5;
/** A restarted execution's name; Step Functions allows letters, digits, `-` and `_` (no `~`, `:` or `#`). */
const RESTARTED = /^(?<requestId>.+)-restart-(?<count>\d+)$/;

/** The execution that follows a failed one: the request's id, then `-restart-<n>` for its n-th restart. */
export function nextExecutionName(failed: string): { requestId: string; name: string; restart: number } {
  const match = RESTARTED.exec(failed)?.groups;
  const requestId = match?.requestId ?? failed;
  const restart = Number(match?.count ?? 0) + 1;
  return { requestId, name: `${requestId}-restart-${restart}`, restart };
}

/**
 * A lifecycle execution ended without closing its request (every retry of a step failed, or it
 * timed out): a request still open gets a new execution. Its name follows from the failed one's,
 * so a redelivered event starts nothing twice; its first step finds the work done and sends the
 * request on from where it is stored (a wait times out at the stored deadline). Returns the new
 * execution's name, or undefined when there is nothing to restart.
 */
export async function restartLifecycle(
  deps: Dependencies,
  failedExecution: string,
): Promise<string | undefined> {
  const { requestId, name, restart } = nextExecutionName(failedExecution);
  const stored = await getRequest(deps.table, requestId);
  if (!stored || !OPEN_STATUSES.includes(stored.request.status)) return undefined;
  if (restart > MAX_RESTARTS) {
    logger.error('lifecycle not restarted: too many restarts', { requestId, failedExecution });
    return undefined;
  }
  await deps.workflow.startLifecycle(requestId, name);
  logger.warn('lifecycle restarted', { requestId, failedExecution, execution: name });
  return name;
}
