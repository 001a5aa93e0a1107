import { DISTRICT_SCOPE } from '../../domain/access.js';
import { processDelivery } from '../intake/delivery-to-request.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { logger } from '../../logger.js';
import { getDelivery, unprocessedDeliveries } from '../../store/delivery-store.js';
import { allChildren } from '../../store/hierarchy-store.js';
import { allRequests } from '../../store/request-store.js';

/** Older than this, a stored delivery or a submitted request is one the stream's retries gave up on. */
export const STALE_MINUTES = 10;
const BATCH = 100;
const CONCURRENCY = 4;

/** The requests of a community still `submitted`: a workflow's first step moves them on within seconds. */
async function submittedIn(deps: Dependencies, communityId: string, before: string): Promise<string[]> {
  const submitted = await allRequests(deps.table, { by: 'area', communityId, path: [], status: 'submitted' });
  return submitted.filter((item) => item.createdAt < before).map((item) => item.id);
}

/** The district's communities' ids (two levels under the district). */
export async function communities(deps: Dependencies): Promise<string[]> {
  const streets = await allChildren(deps.table, DISTRICT_SCOPE);
  const children = await mapLimited(streets, CONCURRENCY, (street) => allChildren(deps.table, street.id));
  return children
    .flat()
    .filter((node) => node.type === 'community')
    .map((node) => node.id);
}

/**
 * What the table's stream should have done and did not, after every retry (its dead-letter queues
 * only point at records the stream forgets within a day): every delivery stored but not a request
 * becomes one, and every request without a workflow gets its execution. Both are idempotent, so a
 * run that overlaps the stream, or another run, changes nothing twice. Runs every few minutes.
 */
export async function reconcile(deps: Dependencies): Promise<{ deliveries: number; lifecycles: number }> {
  const before = new Date(deps.clock.now().getTime() - STALE_MINUTES * 60_000).toISOString();
  const failed: string[] = [];
  // One that keeps failing must not hold up the others: it is logged, and the run fails at the end (alarm).
  const each = (ids: string[], work: (id: string) => Promise<void>) =>
    mapLimited(ids, CONCURRENCY, (id) =>
      work(id).catch((error: unknown) => {
        failed.push(id);
        logger.error('not reconciled', { id, error });
      }),
    );
  const deliveryIds = await unprocessedDeliveries(deps.table, before, BATCH);
  await each(deliveryIds, async (id) => {
    const delivery = await getDelivery(deps.table, id);
    if (!delivery || delivery.status === 'processed') return;
    await processDelivery(deps, delivery);
    // Its insert did not reach the stream either, most likely.
    await deps.workflow.startLifecycle(delivery.requestId);
  });
  const inCommunities = await mapLimited(await communities(deps), CONCURRENCY, (id) =>
    submittedIn(deps, id, before),
  );
  const stuck = inCommunities.flat();
  await each(stuck, (id) => deps.workflow.startLifecycle(id));
  if (deliveryIds.length + stuck.length > 0) {
    logger.warn('reconciled', { deliveries: deliveryIds, lifecycles: stuck, failed });
  }
  if (failed.length > 0) {
    throw new Error(`${failed.length} item(s) could not be reconciled: ${failed.join(', ')}`);
  }
  return { deliveries: deliveryIds.length, lifecycles: stuck.length };
}
