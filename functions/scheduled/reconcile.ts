import { reconcile } from '../../shared/services/lifecycle/reconcile-requests.js';
import { dependencies } from '../../shared/runtime/dependencies.js';

/** Every few minutes (an EventBridge rule): finish what the table's stream gave up on. */
export const handler = () => reconcile(dependencies());
