import { constants, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { KmsTokenSigner } from '../../shared/adapters/kms-token-signer.js';
import { publicJwk, signJwt } from '../../shared/adapters/token-signer.js';

/**
 * The KMS adapter against a mocked KMS that signs as KMS documents it (RSASSA-PKCS1-v1_5 over the
 * SHA-256 digest it is given, `MessageType: DIGEST`), with an RSA key of the test's own.
 */
const kms = mockClient(KMSClient);
const KEY = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

beforeEach(() => {
  kms.reset();
  kms.on(GetPublicKeyCommand).resolves({ PublicKey: keys.publicKey.export({ format: 'der', type: 'spki' }) });
  kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
    Signature: privateEncrypt(
      { key: keys.privateKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.concat([SHA256_DIGEST_INFO, input.Message]),
    ),
  }));
});
afterAll(() => {
  kms.restore();
});

describe('KmsTokenSigner', () => {
  it('signs a JWT that verifies with the key set built from the KMS public key', async () => {
    const signer = new KmsTokenSigner(new KMSClient({ region: 'cn-north-1' }), KEY);
    const jwk = await publicJwk(signer);
    const token = await signJwt(signer, jwk.kid, {
      iss: 'https://api',
      aud: 'app',
      sub: 'p-1',
      exp: 4_102_444_800,
    });

    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet({ keys: [jwk] }), {
      issuer: 'https://api',
      audience: 'app',
      algorithms: ['RS256'],
    });
    expect(payload.sub).toBe('p-1');
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: jwk.kid });
    const [sign] = kms.commandCalls(SignCommand);
    expect(sign!.args[0].input).toMatchObject({
      KeyId: KEY,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
    expect(sign!.args[0].input.Message).toHaveLength(32);
  });

  it('reads the public key once per container, and again after a failed read', async () => {
    const signer = new KmsTokenSigner(new KMSClient({ region: 'cn-north-1' }), KEY);
    await Promise.all([publicJwk(signer), publicJwk(signer)]);
    await publicJwk(signer);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);

    kms.reset();
    kms
      .on(GetPublicKeyCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ PublicKey: keys.publicKey.export({ format: 'der', type: 'spki' }) });
    const fresh = new KmsTokenSigner(new KMSClient({ region: 'cn-north-1' }), KEY);
    await expect(fresh.publicKey()).rejects.toThrow('throttled');
    await expect(fresh.publicKey()).resolves.toBeInstanceOf(Uint8Array);
  });
});
