import {
  DecryptCommand,
  EncryptCommand,
  InvalidCiphertextException,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { encryptionContextOf, type SealContext, type SecretSealer } from './secret-sealer.js';

const PREFIX = 'kms:';

/**
 * Seals with the district's customer-managed KMS key (SYMMETRIC_DEFAULT: AES-256-GCM, or SM4 in
 * the China regions; KMS chooses, the ciphertext is opaque to us either way). The encryption
 * context binds each ciphertext to its partner and secret id.
 */
export class KmsSecretSealer implements SecretSealer {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(plaintext: string, context: SealContext): Promise<string> {
    const { CiphertextBlob } = await this.kms.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(plaintext, 'utf8'),
        EncryptionContext: encryptionContextOf(context),
      }),
    );
    if (!CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    return PREFIX + Buffer.from(CiphertextBlob).toString('base64');
  }

  async open(sealed: string, context: SealContext): Promise<string | undefined> {
    if (!sealed.startsWith(PREFIX)) return undefined;
    try {
      const { Plaintext } = await this.kms.send(
        new DecryptCommand({
          // Named, so a ciphertext of another key is refused rather than decrypted with it.
          KeyId: this.keyId,
          CiphertextBlob: Buffer.from(sealed.slice(PREFIX.length), 'base64'),
          EncryptionContext: encryptionContextOf(context),
        }),
      );
      return Plaintext ? Buffer.from(Plaintext).toString('utf8') : undefined;
    } catch (error) {
      // Another context or an altered ciphertext; throttling and denials are errors to retry.
      if (error instanceof InvalidCiphertextException) return undefined;
      throw error;
    }
  }
}
