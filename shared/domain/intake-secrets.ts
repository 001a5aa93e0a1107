import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors.js';
import type { PartnerFormat, RawDelivery } from './intake-submission.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time equality: both sides are hashed to 32 bytes first, so not even the length leaks. */
export function safeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * True when any given proof equals what any active secret yields (two secrets during rotation).
 * Every pair is compared, so the timing does not tell which secret matched.
 */
export function anySecretMatches(
  given: readonly string[],
  secrets: readonly string[],
  expected: (secret: string) => string,
): boolean {
  let matched = false;
  for (const secret of secrets) {
    const want = expected(secret);
    for (const proof of given) matched = safeEqual(proof, want) || matched;
  }
  return matched;
}

/** For products that cannot sign (草料, 金数据): the long random token in the delivery URL is the proof. */
export function authenticatePathToken(delivery: RawDelivery, partner: PartnerFormat): void {
  const token = delivery.pathToken;
  if (!token) {
    throw new UnauthorizedError('The delivery URL has no token: push to /intake/{partnerId}/{token}.');
  }
  if (!anySecretMatches([token], partner.secrets, (secret) => secret)) {
    throw new UnauthorizedError('The token in the delivery URL is not an active secret of this partner.');
  }
}
