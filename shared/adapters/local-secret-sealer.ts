import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { encryptionContextOf, type SealContext, type SecretSealer } from './secret-sealer.js';

const PREFIX = 'local:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const associatedData = (context: SealContext) =>
  Buffer.from(JSON.stringify(encryptionContextOf(context)), 'utf8');

/**
 * The local run's and the tests' sealer: AES-256-GCM with a key made for this process, the
 * context as associated data, so a value sealed for one partner does not open for another (as
 * with KMS). Nothing it sealed opens after the process ends, which a local table does not outlive.
 */
export class LocalSecretSealer implements SecretSealer {
  private readonly key = randomBytes(32);

  async seal(plaintext: string, context: SealContext): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(associatedData(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async open(sealed: string, context: SealContext): Promise<string | undefined> {
    if (!sealed.startsWith(PREFIX)) return undefined;
    const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(context));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // The tag does not verify: another context, another run's key, or an altered value.
      return undefined;
    }
  }
}
