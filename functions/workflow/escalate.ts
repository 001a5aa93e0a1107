import { parseRequestStep } from '../../shared/services/lifecycle/request-workflow-input.js';
import { escalateRequest } from '../../shared/services/lifecycle/workflow-steps.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** Escalate: one level up after a missed deadline or a leader's "beyond me"; overdue at the street. */
export const handler = observed((event: unknown) =>
  escalateRequest(dependencies(), parseRequestStep(event).requestId),
);
