import { AppError, NotFoundError, PayloadTooLargeError, UnprocessableError } from '../errors.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { putDelivery, recordRejection } from '../store/delivery-store.js';
import { getPartner } from '../store/partner-store.js';
import { deliveryIds, MAX_DELIVERY_BYTES, receiptOf, type DeliveryReceipt } from './delivery.js';
import { FORMAT_ADAPTERS } from './formats/index.js';
import type { Partner } from './partner.js';
import type { IntakeSubmission, RawDelivery } from './submission.js';

export interface IncomingDelivery {
  partnerId: string;
  raw: RawDelivery;
  contentType: string;
  sourceIp?: string;
}

/**
 * A partner's webhook delivery, synchronously as far as it can be refused: size, partner, proof
 * (signature or token), format. A refused delivery leaves only an audit record; an accepted one is
 * stored raw before it is acknowledged, and the table's stream turns it into a request.
 */
export async function receiveDelivery(
  deps: Dependencies,
  incoming: IncomingDelivery,
): Promise<{ receipt: DeliveryReceipt; duplicate: boolean }> {
  const now = deps.clock.now();
  const bodyBytes = Buffer.byteLength(incoming.raw.body);
  try {
    if (bodyBytes > MAX_DELIVERY_BYTES) {
      throw new PayloadTooLargeError(
        `A delivery is at most ${MAX_DELIVERY_BYTES} bytes; this one is ${bodyBytes}.`,
        [{ field: 'body', message: 'too large' }],
      );
    }
    const partner = await getPartner(deps.table, incoming.partnerId);
    if (!partner || partner.disabled || partner.format === 'open311') {
      throw new NotFoundError(`No webhook for partner ${incoming.partnerId}.`);
    }
    const adapter = FORMAT_ADAPTERS[partner.format];
    const format = {
      secrets: partner.secrets.map((secret) => secret.value),
      mapping: partner.mapping,
      categories: deps.config.categories.map((category) => category.code),
    };
    // A signature's timestamp is the partner's real time: checked against ours, even where the local
    // run speeds the SLA clock up.
    adapter.authenticate(incoming.raw, format, new Date());
    const submission = adapter.read(incoming.raw, format);
    return await acceptSubmission(deps, partner, submission, {
      body: incoming.raw.body,
      contentType: incoming.contentType,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await recordRejection(deps.table, {
      partnerId: incoming.partnerId.slice(0, 64),
      at: now.toISOString(),
      status: error.status,
      reason: error.detail,
      bodyBytes,
      ...(incoming.sourceIp ? { sourceIp: incoming.sourceIp } : {}),
    });
    throw error;
  }
}

/**
 * Stores a partner's submission (webhook or Open311) under its deterministic ids; a retry gets the
 * same receipt and writes nothing new.
 */
export async function acceptSubmission(
  deps: Dependencies,
  partner: Partner,
  submission: IntakeSubmission,
  raw: { body: string; contentType: string },
): Promise<{ receipt: DeliveryReceipt; duplicate: boolean }> {
  const category = submission.category ?? partner.defaultCategory;
  if (!deps.config.categories.some((candidate) => candidate.code === category)) {
    throw new UnprocessableError(`Category "${category}" is not one of this district's.`, [
      { field: 'category', message: 'unknown category' },
    ]);
  }
  const { deliveryId, requestId } = deliveryIds(partner.id, submission.externalId);
  const { delivery, duplicate } = await putDelivery(deps.table, {
    deliveryId,
    partnerId: partner.id,
    requestId,
    channel: partner.format,
    receivedAt: deps.clock.now().toISOString(),
    contentType: raw.contentType,
    body: raw.body,
    submission,
    category,
    partner: { name: partner.name, scope: partner.scope, triageCommunityId: partner.triageCommunityId },
    status: 'received',
  });
  return { receipt: receiptOf(delivery), duplicate };
}
