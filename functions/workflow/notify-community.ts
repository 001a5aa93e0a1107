import { notifyCommunity } from '../../shared/services/settlement/settle-month.js';
import { parseCommunityStep } from '../../shared/services/settlement/settlement-workflow-input.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** NotifyCommunity: district ranks on one community's statements, the SMS summaries, its CSV rows. */
export const handler = observed((event: unknown) =>
  notifyCommunity(dependencies(), parseCommunityStep(event)),
);
