import { describe, expect, it } from 'vitest';
import { contentDigest, replayIfSame } from '../../shared/domain/idempotency.js';
import { ReusedKeyError } from '../../shared/errors.js';
import { problemResponse } from '../../shared/http/problem.js';

describe('contentDigest', () => {
  it('reads the same content the same, whatever the order of keys at any depth', () => {
    expect(contentDigest({ a: 1, b: { c: [1, { d: 2, e: 3 }], f: 'x' } })).toBe(
      contentDigest({ b: { f: 'x', c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });

  it('ignores absent members, and tells apart any other difference', () => {
    expect(contentDigest({ note: undefined, action: 'resolve' })).toBe(contentDigest({ action: 'resolve' }));
    const digests = [
      { action: 'resolve', note: 'a' },
      { action: 'resolve', note: 'b' },
      { action: 'resolve', note: 'a', rating: 1 },
      { action: 'resolve', note: ['a'] },
      { action: 'resolve', note: 1 },
      { action: 'resolve', note: '1' },
    ].map(contentDigest);
    expect(new Set(digests).size).toBe(digests.length);
  });
});

describe('replayIfSame', () => {
  const stored = { id: 'T1', amount: 10 };
  const replay = (storedDigest: string | undefined, digest: string) =>
    replayIfSame({ stored, storedDigest, digest, field: 'Idempotency-Key', detail: 'Key used' });

  it('answers what was stored when the retry asks the same', () => {
    expect(replay('d1', 'd1')).toBe(stored);
  });

  it('answers what was stored before digests were kept: it cannot be compared', () => {
    expect(replay(undefined, 'd1')).toBe(stored);
  });

  it('refuses other content with a 409 problem that names the key and carries what was stored', () => {
    const refusal = (() => {
      try {
        replay('d1', 'd2');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ReusedKeyError);
    const response = problemResponse(refusal, '/points/awards');
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(String(response.body))).toMatchObject({
      status: 409,
      errors: [{ field: 'Idempotency-Key' }],
      stored,
      instance: '/points/awards',
    });
  });
});
