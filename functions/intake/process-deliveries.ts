import type { StoredDelivery } from '../../shared/domain/intake-delivery.js';
import { processDelivery } from '../../shared/services/intake/delivery-to-request.js';
import { streamHandler } from '../../shared/runtime/stream-handler.js';

/** The table's stream, filtered to new deliveries: each becomes a request (in a household's lifecycle or in triage). */
export const handler = streamHandler<StoredDelivery>(
  'processing a delivery',
  (delivery) => delivery.deliveryId,
  processDelivery,
);
