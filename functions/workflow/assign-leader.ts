import { parseRequestStep } from '../../shared/lifecycle/workflow-input.js';
import { assignLeader } from '../../shared/lifecycle/workflow-steps.js';
import { dependencies } from '../../shared/runtime/dependencies.js';

/** AssignToLeader: route a new request to the household's unit leader, or the first held post above. */
export const handler = async (event: unknown) =>
  assignLeader(dependencies(), parseRequestStep(event).requestId);
