import { startSettlement } from '../../shared/services/settlement/settle-month.js';
import { parseSettlementStart } from '../../shared/services/settlement/settlement-workflow-input.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** StartSettlement: check the month (the one that just ended when none is given), open the run, list the communities. */
export const handler = observed((event: unknown) => {
  const input = parseSettlementStart(event);
  return startSettlement(dependencies(), input.month === undefined ? {} : { month: input.month });
});
