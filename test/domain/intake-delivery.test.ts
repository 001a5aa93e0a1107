import { describe, expect, it } from 'vitest';
import {
  deliveryIds,
  receiptOf,
  submissionDigest,
  type StoredDelivery,
} from '../../shared/domain/intake-delivery.js';
import { idempotentRequestId } from '../../shared/domain/ids.js';

describe('deliveryIds', () => {
  it('is deterministic: a retried delivery maps to the same delivery and request', () => {
    expect(deliveryIds('pt-property', 'wo-1001')).toEqual(deliveryIds('pt-property', 'wo-1001'));
  });

  it('gives a delivery id and a request id of the documented shapes', () => {
    const { deliveryId, requestId } = deliveryIds('pt-property', 'wo-1001');
    expect(deliveryId).toMatch(/^D[A-Za-z0-9_-]{26}$/);
    // A request id like every other: R and 26 Crockford base-32 characters.
    expect(requestId).toMatch(/^R[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('gives different ids to different submissions of one partner', () => {
    const first = deliveryIds('pt-property', 'wo-1001');
    const second = deliveryIds('pt-property', 'wo-1002');
    expect(second.deliveryId).not.toBe(first.deliveryId);
    expect(second.requestId).not.toBe(first.requestId);
  });

  it('gives different ids to the same submission id from different partners', () => {
    const first = deliveryIds('pt-property', 'wo-1001');
    const second = deliveryIds('pt-hotline', 'wo-1001');
    expect(second.deliveryId).not.toBe(first.deliveryId);
    expect(second.requestId).not.toBe(first.requestId);
  });

  it('never gives a partner’s request the id of a resident’s idempotent submission', () => {
    // A resident's Idempotency-Key is hashed with the household id; a partner's with `partner:<id>`.
    const { requestId } = deliveryIds('pt-property', 'wo-1001');
    expect(requestId).not.toBe(idempotentRequestId('pt-property', 'wo-1001'));
  });
});

describe('receiptOf', () => {
  it('names the delivery and its request, accepted', () => {
    const { deliveryId, requestId } = deliveryIds('pt-property', 'wo-1001');
    const stored = { deliveryId, requestId, partnerId: 'pt-property', status: 'processed' } as StoredDelivery;
    expect(receiptOf(stored)).toEqual({ deliveryId, requestId, status: 'accepted' });
  });
});

describe('submissionDigest: what "the same content" of a resent submission id is', () => {
  const submission = {
    externalId: 'wo-1001',
    description: '楼道灯坏了',
    photos: ['https://example.com/a.jpg'],
    address: { building: '3栋', room: '502' },
  };

  it('is the same whatever the key order and however an absent field is spelled (stored items drop undefined)', () => {
    const reordered = {
      address: { room: '502', building: '3栋' },
      photos: ['https://example.com/a.jpg'],
      description: '楼道灯坏了',
      externalId: 'wo-1001',
      phone: undefined,
    };
    expect(submissionDigest(reordered)).toBe(submissionDigest(submission));
  });

  it('differs when anything the request would say differs, nested or in a list', () => {
    const digest = submissionDigest(submission);
    expect(submissionDigest({ ...submission, description: '楼道灯修好了' })).not.toBe(digest);
    expect(submissionDigest({ ...submission, address: { building: '3栋', room: '503' } })).not.toBe(digest);
    expect(submissionDigest({ ...submission, photos: [] })).not.toBe(digest);
  });
});
