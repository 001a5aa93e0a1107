import { createHash } from 'node:crypto';
import { ReusedKeyError } from '../errors.js';

/** JSON with every object's keys sorted, at every depth: the same content always reads the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a call asked for, as a short digest: its parsed body (defaults applied) and the ids in its
 * path. Stored with the first outcome under an idempotency key, so that a retry can be compared.
 */
export const contentDigest = (content: unknown): string =>
  createHash('sha256').update(canonicalJson(content)).digest('base64url').slice(0, 22);

export interface Replay<T> {
  /** What the first call stored, as this caller may see it. */
  stored: T;
  /** The digest stored with it; absent on what was stored before digests were kept (answered as a retry). */
  storedDigest: string | undefined;
  /** The digest of what this call asks for. */
  digest: string;
  /** For the 409: what was reused (the header, or the action), and why in words. */
  field: string;
  detail: string;
}

/**
 * Same key, same content? The one answer for every idempotent route: an identical retry gets what
 * was stored; the same key with other content is a 409 that carries what was stored (as Stripe
 * answers a reused idempotency key), and the original stays as it is.
 */
export function replayIfSame<T>({ stored, storedDigest, digest, field, detail }: Replay<T>): T {
  if (storedDigest === undefined || storedDigest === digest) return stored;
  throw new ReusedKeyError(
    `${detail}; the first one stands, as \`stored\` shows. 该请求已按原内容处理,本次未作更改。`,
    [{ field, message: 'already used with other content' }],
    stored,
  );
}
