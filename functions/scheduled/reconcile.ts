import { reconcile } from '../../shared/services/lifecycle/reconcile-requests.js';
import { sweepUnreadNotices } from '../../shared/services/notices/unread-sweep.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/**
 * Every few minutes (an EventBridge rule): finish what the table's stream gave up on, and remind
 * the unread readers of urgent notices (and tell their senders). Both run even if one fails.
 */
export const handler = observed(async () => {
  const deps = dependencies();
  const [requests, notices] = await Promise.all([reconcile(deps), sweepUnreadNotices(deps)]);
  return { ...requests, notices };
});
