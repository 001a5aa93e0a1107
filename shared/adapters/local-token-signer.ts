import { constants, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import type { TokenSigner } from './token-signer.js';

/** DER prefix of a SHA-256 DigestInfo (RFC 8017, 9.2): what PKCS#1 v1.5 signs ahead of the digest. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** The local run's signing key: an RSA key made for this run, in memory, signing as KMS does. */
export class LocalTokenSigner implements TokenSigner {
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  async publicKey(): Promise<Uint8Array> {
    return this.keys.publicKey.export({ format: 'der', type: 'spki' });
  }

  /** RSASSA-PKCS1-v1_5 over a digest already made, as KMS signs with `MessageType: DIGEST`. */
  async signDigest(digest: Uint8Array): Promise<Uint8Array> {
    return privateEncrypt(
      { key: this.keys.privateKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.concat([SHA256_DIGEST_INFO, digest]),
    );
  }
}
