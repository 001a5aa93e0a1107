import type { EventBridgeEvent } from 'aws-lambda';
import { restartLifecycle } from '../../shared/services/lifecycle/lifecycle-restarts.js';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';

/** The part of "Step Functions Execution Status Change" read here: the ended execution's name. */
export type ExecutionStatusChange = EventBridgeEvent<
  'Step Functions Execution Status Change',
  { name: string; status: string; stateMachineArn: string }
>;

/**
 * An EventBridge rule (a lifecycle execution FAILED or TIMED_OUT): a request it left open gets a
 * new execution. A thrown error makes EventBridge retry the invocation.
 */
export const handler = observed(async (event: ExecutionStatusChange) => ({
  restarted: await restartLifecycle(dependencies(), event.detail.name),
}));
