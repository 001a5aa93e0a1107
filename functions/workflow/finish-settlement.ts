import { finishSettlement } from '../../shared/services/settlement/settle-month.js';
import { parseMonthStep } from '../../shared/services/settlement/settlement-workflow-input.js';
import { dependencies } from '../../shared/runtime/dependencies.js';

/** FinishSettlement: mark the month's run finished. */
export const handler = async (event: unknown) => finishSettlement(dependencies(), parseMonthStep(event));
