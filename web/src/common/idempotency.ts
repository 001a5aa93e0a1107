/** A random key for the `Idempotency-Key` header (8–64 of [A-Za-z0-9_-]). */
export function newIdempotencyKey(): string {
  // getRandomValues works on plain http too (a page opened by a local network address); randomUUID does not.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * The Idempotency-Key of one intended action: asked again with the same content (a double click, a
 * retry after a lost answer) it is the same key, so the server acts once; other content is another
 * action, with a new key; `done()` after a success, so the same content next time is a new action.
 */
export function idempotencyKeys() {
  let attempt: { content: string; key: string } | undefined;
  return {
    keyFor(content: unknown): string {
      const text = JSON.stringify(content);
      if (attempt?.content !== text) attempt = { content: text, key: newIdempotencyKey() };
      return attempt.key;
    },
    done() {
      attempt = undefined;
    },
  };
}
