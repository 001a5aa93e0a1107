import { LEVELS, type Level } from '../../config/vocabulary.js';
import { OPEN_STATUSES } from '../../domain/request.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { allRequests } from '../../store/request-store.js';
import { communities } from './reconcile-requests.js';

const CONCURRENCY = 4;

/**
 * The district's open requests by the level that holds them, written as the `OpenRequests` gauge
 * (the dashboard's "requests open by level"). One Query per community and open status on the area
 * index, which projects the level: a district with 5,000 open requests reads about 600 read units
 * a run, a few cents a month at the reconciler's pace.
 */
export async function measureOpenRequests(deps: Dependencies): Promise<Record<Level, number>> {
  const areas = (await communities(deps)).flatMap((communityId) =>
    OPEN_STATUSES.map((status) => ({ communityId, status })),
  );
  const open = await mapLimited(areas, CONCURRENCY, ({ communityId, status }) =>
    allRequests(deps.table, { by: 'area', communityId, path: [], status }),
  );
  const byLevel = Object.fromEntries(LEVELS.map((level) => [level, 0])) as Record<Level, number>;
  for (const request of open.flat()) byLevel[request.level] += 1;
  recordMetric.openRequests(byLevel);
  return byLevel;
}
