import { parseCallbackTask } from '../../shared/services/lifecycle/request-workflow-input.js';
import { registerTaskToken } from '../../shared/services/lifecycle/workflow-steps.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** AwaitLeader / AwaitResident: keep the task token on the request until someone acts or the deadline passes. */
export const handler = observed(async (event: unknown) => {
  await registerTaskToken(dependencies(), parseCallbackTask(event));
});
