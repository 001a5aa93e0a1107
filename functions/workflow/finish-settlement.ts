import { finishSettlement } from '../../shared/settlement/settle-month.js';
import { parseMonthStep } from '../../shared/settlement/workflow-input.js';
import { dependencies } from '../../shared/runtime/dependencies.js';

/** FinishSettlement: mark the month's run finished. */
export const handler = async (event: unknown) => finishSettlement(dependencies(), parseMonthStep(event));
