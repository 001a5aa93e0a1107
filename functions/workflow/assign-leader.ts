import { parseRequestStep } from '../../shared/services/lifecycle/request-workflow-input.js';
import { assignLeader } from '../../shared/services/lifecycle/workflow-steps.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** AssignToLeader: route a new request to the household's unit leader, or the first held post above. */
export const handler = observed((event: unknown) =>
  assignLeader(dependencies(), parseRequestStep(event).requestId),
);
