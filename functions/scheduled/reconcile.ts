import { measureOpenRequests } from '../../shared/services/lifecycle/open-requests.js';
import { reconcile } from '../../shared/services/lifecycle/reconcile-requests.js';
import { sweepUnreadNotices } from '../../shared/services/notices/unread-sweep.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/**
 * Every few minutes (an EventBridge rule): finish what the table's stream gave up on, and remind
 * the unread readers of urgent notices (and tell their senders), and count the open requests by
 * level for the dashboard. All run even if one fails.
 */
export const handler = observed(async () => {
  const deps = dependencies();
  const [requests, notices, open] = await Promise.all([
    reconcile(deps),
    sweepUnreadNotices(deps),
    measureOpenRequests(deps),
  ]);
  return { ...requests, notices, open };
});
