import { parseRequestStep } from '../../shared/services/lifecycle/request-workflow-input.js';
import { autoConfirmRequest } from '../../shared/services/lifecycle/workflow-steps.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** AutoConfirm: the resident did not answer in time; close the request and award the points. */
export const handler = observed((event: unknown) =>
  autoConfirmRequest(dependencies(), parseRequestStep(event).requestId),
);
