import { rankDistrict } from '../../shared/services/settlement/settle-month.js';
import { parseMonthStep } from '../../shared/services/settlement/settlement-workflow-input.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** RankDistrict: merge the communities' scores into the district's rank table and leaderboard. */
export const handler = observed((event: unknown) => rankDistrict(dependencies(), parseMonthStep(event)));
