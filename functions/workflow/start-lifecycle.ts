import type { ServiceRequest } from '../../shared/domain/request.js';
import { streamHandler } from '../../shared/runtime/stream-handler.js';

/**
 * The table's stream, filtered to new requests: each one's lifecycle starts (an execution named
 * after the request, so a retry starts nothing twice). Whatever stored the request (the residents'
 * app, a partner's delivery) cannot leave it without a workflow.
 */
export const handler = streamHandler<ServiceRequest>(
  'starting a lifecycle',
  (request) => request.id,
  (deps, request) => deps.workflow.startLifecycle(request.id),
);
