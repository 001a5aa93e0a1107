import { nextStep } from '../../domain/lifecycle.js';
import type { ServiceRequest } from '../../domain/request.js';
import type { Dependencies } from '../../runtime/dependencies.js';

/** Tells the workflow waiting on a request where it is now; a gone task is fine, the workflow reconciles. */
export async function tellWorkflow(
  deps: Dependencies,
  taskToken: string | undefined,
  request: ServiceRequest,
): Promise<void> {
  if (taskToken) await deps.workflow.completeTask(taskToken, nextStep(request, deps.clock.now()));
}
