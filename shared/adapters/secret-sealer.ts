/** Whose secret a sealed value is: opening it under any other partner or secret id fails. */
export interface SealContext {
  partnerId: string;
  secretId: string;
}

/**
 * Seals a partner's webhook secret before it is stored, and opens it where a delivery is checked.
 * The table keeps only what `seal` returns, so a copy of the table (or a function that may read
 * it) holds no usable secret.
 */
export interface SecretSealer {
  seal(plaintext: string, context: SealContext): Promise<string>;
  /** The secret; undefined when the value was not sealed for this context (moved, or altered). */
  open(sealed: string, context: SealContext): Promise<string | undefined>;
}

/** The encryption context's purpose: the key's IAM grants hold only for it. */
export const PARTNER_SECRET_PURPOSE = 'partner-webhook-secret';

/** What the seal is bound to, as KMS's encryption context and the local adapter's associated data. */
export function encryptionContextOf(context: SealContext): Record<string, string> {
  return {
    purpose: PARTNER_SECRET_PURPOSE,
    partnerId: context.partnerId,
    secretId: context.secretId,
  };
}

/**
 * How long an opened secret is kept in memory. A retired secret stops counting at once (the
 * partner's item is read on every delivery and the cache is keyed by the sealed value); this is how
 * long a container may still use one after the key itself was disabled or its grant removed.
 */
export const OPENED_SECRET_TTL_MS = 5 * 60 * 1000;
const MAX_CACHED = 256;

/** Opens each sealed value once per container and TTL, so a burst of deliveries is one KMS call. */
export class CachingSealer implements SecretSealer {
  private readonly opened = new Map<string, { plaintext: string; until: number }>();

  constructor(
    private readonly inner: SecretSealer,
    private readonly now: () => number = Date.now,
  ) {}

  seal(plaintext: string, context: SealContext): Promise<string> {
    return this.inner.seal(plaintext, context);
  }

  async open(sealed: string, context: SealContext): Promise<string | undefined> {
    const key = JSON.stringify([sealed, context.partnerId, context.secretId]);
    const cached = this.opened.get(key);
    if (cached && cached.until > this.now()) return cached.plaintext;
    this.opened.delete(key);
    const plaintext = await this.inner.open(sealed, context);
    if (plaintext === undefined) return undefined;
    if (this.opened.size >= MAX_CACHED) this.opened.clear();
    this.opened.set(key, { plaintext, until: this.now() + OPENED_SECRET_TTL_MS });
    return plaintext;
  }
}
