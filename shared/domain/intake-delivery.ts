import { createHash } from 'node:crypto';
import { contentDigest } from './idempotency.js';
import { idempotentRequestId } from './ids.js';
import type { Partner } from './intake-partner.js';
import type { IntakeFormat, IntakeSubmission } from './intake-submission.js';

/** A delivery is at most this big: a form's text and photo links, never the photos themselves. */
export const MAX_DELIVERY_BYTES = 64 * 1024;

/** A partner's delivery as stored before it is acknowledged: the exact bytes and what they say. */
export interface StoredDelivery {
  deliveryId: string;
  partnerId: string;
  /** Decided at receipt, so the acknowledgement can name it and a retry maps to the same one. */
  requestId: string;
  channel: IntakeFormat;
  receivedAt: string;
  contentType: string;
  body: string;
  submission: IntakeSubmission;
  /**
   * The digest of the submission as read (not of the raw bytes, which a product's retry may re-sign or
   * re-time): a resend of the same id with another digest is another content, refused with 409.
   */
  digest?: string;
  /** The submission's category, or the partner's default. */
  category: string;
  /** The partner as it was at receipt: processing does not depend on its config staying the same. */
  partner: Pick<Partner, 'name' | 'scope' | 'triageCommunityId'>;
  status: 'received' | 'processed';
  outcome?: {
    placed: 'household' | 'triage';
    by?: 'id' | 'phone' | 'address';
    at: string;
  };
}

/** What the partner is told, the first time and on every retry alike. */
export interface DeliveryReceipt {
  deliveryId: string;
  requestId: string;
  status: 'accepted';
}

/** The same partner and submission id → the same delivery and the same request, whenever it is retried. */
export function deliveryIds(partnerId: string, externalId: string) {
  const digest = createHash('sha256').update(`${partnerId}\n${externalId}`).digest('base64url');
  return {
    deliveryId: `D${digest.slice(0, 26)}`,
    requestId: idempotentRequestId(`partner:${partnerId}`, externalId),
  };
}

/** What "the same content" means for a resent submission id: the same submission once read. */
export const submissionDigest = (submission: IntakeSubmission) => contentDigest(submission);

export const receiptOf = (delivery: StoredDelivery): DeliveryReceipt => ({
  deliveryId: delivery.deliveryId,
  requestId: delivery.requestId,
  status: 'accepted',
});
