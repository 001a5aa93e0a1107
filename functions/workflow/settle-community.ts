import { settleCommunity } from '../../shared/services/settlement/settle-month.js';
import { parseCommunityStep } from '../../shared/services/settlement/settlement-workflow-input.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** SettleCommunity: one community's statements, community ranks and bonuses. */
export const handler = observed((event: unknown) =>
  settleCommunity(dependencies(), parseCommunityStep(event)),
);
