import { finishSettlement } from '../../shared/services/settlement/settle-month.js';
import { parseMonthStep } from '../../shared/services/settlement/settlement-workflow-input.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** FinishSettlement: mark the month's run finished. */
export const handler = observed((event: unknown) => finishSettlement(dependencies(), parseMonthStep(event)));
