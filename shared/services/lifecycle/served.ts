import { servedBy } from '../../domain/separation-of-duties.js';
import type { ServiceRequest } from '../../domain/request.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getHousehold } from '../../store/hierarchy-store.js';

/** The people a request serves, as its household is now: who raised it and the household's residents. */
export async function servedByRequest(deps: Dependencies, request: ServiceRequest): Promise<Set<string>> {
  const household = request.householdId
    ? await getHousehold(deps.table, request.householdId, { consistent: true })
    : undefined;
  return servedBy(request, household?.residents ?? []);
}
