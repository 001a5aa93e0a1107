import { ID_PATTERN } from '../../domain/hierarchy-rules.js';
import { AppError, NotFoundError, PayloadTooLargeError, UnprocessableError } from '../../errors.js';
import { replayIfSame } from '../../domain/idempotency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { putDelivery, recordRejection } from '../../store/delivery-store.js';
import { getPartner } from '../../store/partner-store.js';
import {
  deliveryIds,
  MAX_DELIVERY_BYTES,
  receiptOf,
  submissionDigest,
  type DeliveryReceipt,
} from '../../domain/intake-delivery.js';
import { FORMAT_ADAPTERS } from './formats/index.js';
import { openSecrets } from './partner-secrets.js';
import type { Partner } from '../../domain/intake-partner.js';
import type {
  HandshakeAnswer,
  IntakeSubmission,
  PartnerFormat,
  RawDelivery,
} from '../../domain/intake-submission.js';

export interface IncomingDelivery {
  partnerId: string;
  raw: RawDelivery;
  contentType: string;
  sourceIp?: string;
}

/** What a partner's webhook is answered: a receipt (202), or a configured URL-verification handshake (200). */
export type Received =
  { receipt: DeliveryReceipt; duplicate: boolean; handshake?: undefined } | { handshake: HandshakeAnswer };

/**
 * The partner a webhook delivery names, when it takes webhooks. An unknown partner (or an id that
 * could name none) is a 404 that writes nothing: nobody can make the table hold anything for a
 * partner that does not exist. A disabled or Open311 partner gets the same 404, recorded.
 */
async function knownPartner(deps: Dependencies, partnerId: string): Promise<Partner> {
  const unknown = new NotFoundError(`No webhook for partner ${partnerId.slice(0, 64)}.`);
  if (!ID_PATTERN.test(partnerId)) throw unknown;
  const partner = await getPartner(deps.table, partnerId);
  if (!partner) throw unknown;
  return partner;
}

/**
 * The adapter of a partner's webhook format, and what it needs of the partner. Its secrets are
 * opened only to check a proof (a handshake reads none): `secrets` is empty here.
 */
function webhookOf(deps: Dependencies, partner: Partner) {
  if (partner.disabled || partner.format === 'open311') {
    throw new NotFoundError(`No webhook for partner ${partner.id}.`);
  }
  const format: PartnerFormat = {
    secrets: [],
    mapping: partner.mapping,
    categories: deps.config.categories.map((category) => category.code),
    ...(partner.json ? { json: partner.json } : {}),
  };
  return { adapter: FORMAT_ADAPTERS[partner.format], format };
}

/**
 * A GET to a partner's webhook URL: only a configured URL-verification handshake (`?echostr=…`) is
 * answered; anything else is the 404 an unknown partner gets. Nothing is written either way.
 */
export async function answerHandshake(
  deps: Dependencies,
  incoming: IncomingDelivery,
): Promise<HandshakeAnswer> {
  const partner = await knownPartner(deps, incoming.partnerId);
  const { adapter, format } = webhookOf(deps, partner);
  const answer = adapter.handshake?.(incoming.raw, format);
  // The unknown partner's answer: a GET tells a probe nothing about which partners exist.
  if (!answer) throw new NotFoundError(`No webhook for partner ${partner.id}.`);
  return answer;
}

/**
 * A partner's webhook delivery, synchronously as far as it can be refused: partner, size, proof
 * (signature or token), format. A refused delivery of a known partner leaves only an audit record
 * (bounded per hour); an accepted one is stored raw before it is acknowledged, and the table's
 * stream turns it into a request.
 */
export async function receiveDelivery(deps: Dependencies, incoming: IncomingDelivery): Promise<Received> {
  const partner = await knownPartner(deps, incoming.partnerId);
  const now = deps.clock.now();
  const bodyBytes = Buffer.byteLength(incoming.raw.body);
  try {
    const { adapter, format } = webhookOf(deps, partner);
    if (bodyBytes > MAX_DELIVERY_BYTES) {
      throw new PayloadTooLargeError(
        `A delivery is at most ${MAX_DELIVERY_BYTES} bytes; this one is ${bodyBytes}.`,
        [{ field: 'body', message: 'too large' }],
      );
    }
    // A handshake writes nothing and echoes only what it was sent: answered before the proof, since
    // products send it before any secret is set.
    const handshake = adapter.handshake?.(incoming.raw, format);
    if (handshake) return { handshake };
    // A signature's timestamp is the partner's real time: checked against ours, even where the local
    // run speeds the SLA clock up.
    adapter.authenticate(incoming.raw, { ...format, secrets: await openSecrets(deps, partner) }, new Date());
    const submission = adapter.read(incoming.raw, format);
    return await acceptSubmission(deps, partner, submission, {
      body: incoming.raw.body,
      contentType: incoming.contentType,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await recordRejection(deps.table, {
      partnerId: partner.id,
      at: now.toISOString(),
      status: error.status,
      reason: error.detail,
      bodyBytes,
      ...(incoming.sourceIp ? { sourceIp: incoming.sourceIp } : {}),
    });
    countIfRejected(error);
    throw error;
  }
}

/** A delivery the partner must change to be taken (a 4xx) is counted as rejected; a 503 is ours, not theirs. */
export function countIfRejected(error: unknown): void {
  if (error instanceof AppError && error.status < 500) recordMetric.intakeDelivery('rejected');
}

/**
 * Stores a partner's submission (webhook or Open311) under its deterministic ids; a retry gets the
 * same receipt and writes nothing new. The same id with another content is a 409 that keeps the
 * original (as Stripe answers an idempotency key reused with other parameters).
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
  const digest = submissionDigest(submission);
  const { delivery, duplicate } = await putDelivery(deps.table, {
    deliveryId,
    partnerId: partner.id,
    requestId,
    channel: partner.format,
    receivedAt: deps.clock.now().toISOString(),
    contentType: raw.contentType,
    body: raw.body,
    submission,
    digest,
    category,
    partner: { name: partner.name, scope: partner.scope, triageCommunityId: partner.triageCommunityId },
    status: 'received',
  });
  const receipt = replayIfSame({
    stored: receiptOf(delivery),
    // Deliveries stored before digests were kept are compared by their stored submission.
    storedDigest: delivery.digest ?? submissionDigest(delivery.submission),
    digest,
    field: 'submissionId',
    detail: `Submission ${submission.externalId.slice(0, 100)} was already received with other content (request ${delivery.requestId}); send a change as a new submission`,
  });
  recordMetric.intakeDelivery(duplicate ? 'duplicate' : 'accepted');
  return { receipt, duplicate };
}
