import { breachDeductions, breachTransfer } from '../../domain/points-rules.js';
import type { ServiceRequest } from '../../domain/request.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { deductFromLeader } from '../../store/ledger-store.js';

/**
 * Takes the breached-SLA points back from every leader who missed a deadline on a closed request.
 * Outside the closing transaction on purpose: a short balance must never stop a request from
 * closing (the ledger takes what there is). The transfer ids make a replay move nothing twice, so
 * every path that sees the request closed may call this.
 */
export async function applyBreachDeductions(deps: Dependencies, request: ServiceRequest): Promise<void> {
  if (request.status !== 'closed') return;
  for (const deduction of breachDeductions(request, deps.config.points)) {
    await deductFromLeader(
      deps.table,
      deduction.personId,
      deduction.points,
      breachTransfer(request, deduction),
    );
  }
}
