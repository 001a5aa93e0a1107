import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { TokenSigner } from './token-signer.js';

/**
 * The district's signing key in AWS KMS (RSA_2048, SIGN_VERIFY): KMS signs a digest, the private key
 * never leaves it. The public key is read once per container (it never changes for a key).
 */
export class KmsTokenSigner implements TokenSigner {
  private publicKeyRead: Promise<Uint8Array> | undefined;

  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  publicKey(): Promise<Uint8Array> {
    this.publicKeyRead ??= this.kms
      .send(new GetPublicKeyCommand({ KeyId: this.keyId }))
      .then(({ PublicKey }) => {
        if (!PublicKey) throw new Error(`KMS returned no public key for ${this.keyId}`);
        return PublicKey;
      })
      .catch((error: unknown) => {
        // A failed read is tried again by the next call, not remembered.
        this.publicKeyRead = undefined;
        throw error;
      });
    return this.publicKeyRead;
  }

  async signDigest(digest: Uint8Array): Promise<Uint8Array> {
    const { Signature } = await this.kms.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      }),
    );
    if (!Signature) throw new Error(`KMS returned no signature for ${this.keyId}`);
    return Signature;
  }
}
