import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** A ULID-shaped id: sortable by time, so listings by creation need no extra attribute. */
export function newRequestId(now: Date): string {
  const time = new Uint8Array(6);
  new DataView(time.buffer).setUint16(0, Math.floor(now.getTime() / 2 ** 32));
  new DataView(time.buffer).setUint32(2, now.getTime() % 2 ** 32);
  return `R${base32(time, 10)}${base32(randomBytes(10), 16)}`;
}

/** The id a retried submission maps to: same scope (the caller, or a partner) and key, same request. */
export function idempotentRequestId(scope: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${scope}\n${idempotencyKey}`).digest();
  return `R${base32(digest.subarray(0, 17), 26)}`;
}
