import { randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  EncryptCommand,
  InvalidCiphertextException,
  KMSClient,
  KMSInvalidStateException,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { KmsSecretSealer } from '../../shared/adapters/kms-secret-sealer.js';
import { LocalSecretSealer } from '../../shared/adapters/local-secret-sealer.js';
import {
  CachingSealer,
  OPENED_SECRET_TTL_MS,
  type SealContext,
  type SecretSealer,
} from '../../shared/adapters/secret-sealer.js';

const SECRET = 'sk-yinrong-2026-4f9c1e7a0b3d4e8f9a2c6d1e5b7f3a90';
const CONTEXT: SealContext = { partnerId: 'pt-property', secretId: 'sec_0123456789ab' };
const KEY_ARN = 'arn:aws-cn:kms:cn-north-1:123456789012:key/5c1f2a7e-9d3b-4e8a-b6c0-1f2e3d4c5b6a';

/** What every sealer must do, whichever key it holds. */
function behavesAsASealer(make: () => SecretSealer) {
  it('opens what it sealed, for the same partner and secret id, and stores nothing in clear', async () => {
    const sealer = make();
    const sealed = await sealer.seal(SECRET, CONTEXT);
    expect(sealed).not.toContain(SECRET);
    expect(await sealer.open(sealed, CONTEXT)).toBe(SECRET);
  });

  it('seals the same secret differently each time', async () => {
    const sealer = make();
    expect(await sealer.seal(SECRET, CONTEXT)).not.toBe(await sealer.seal(SECRET, CONTEXT));
  });

  it('does not open a value moved to another partner or another secret id', async () => {
    const sealer = make();
    const sealed = await sealer.seal(SECRET, CONTEXT);
    expect(await sealer.open(sealed, { ...CONTEXT, partnerId: 'pt-other' })).toBeUndefined();
    expect(await sealer.open(sealed, { ...CONTEXT, secretId: 'sec_ffffffffffff' })).toBeUndefined();
  });

  it('does not open an altered value, nor a secret stored in clear', async () => {
    const sealer = make();
    const sealed = await sealer.seal(SECRET, CONTEXT);
    const [prefix, body] = [sealed.slice(0, sealed.indexOf(':') + 1), sealed.slice(sealed.indexOf(':') + 1)];
    const bytes = Buffer.from(body, 'base64');
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 0x01;
    expect(await sealer.open(prefix + bytes.toString('base64'), CONTEXT)).toBeUndefined();
    expect(await sealer.open(SECRET, CONTEXT)).toBeUndefined();
  });
}

describe('LocalSecretSealer (AES-256-GCM, a key per run)', () => {
  behavesAsASealer(() => new LocalSecretSealer());

  it('does not open what another run sealed', async () => {
    const sealed = await new LocalSecretSealer().seal(SECRET, CONTEXT);
    expect(await new LocalSecretSealer().open(sealed, CONTEXT)).toBeUndefined();
  });
});

/**
 * A stand-in for KMS that keeps what each ciphertext was encrypted under (key and encryption
 * context) and refuses to decrypt it under anything else, as KMS does (InvalidCiphertextException).
 */
const kms = mockClient(KMSClient);
function givenKms(): void {
  const encrypted = new Map<string, { plaintext: Uint8Array; keyId: string; context: string }>();
  kms.on(EncryptCommand).callsFake((input: EncryptCommand['input']) => {
    const blob = randomBytes(48);
    encrypted.set(blob.toString('hex'), {
      plaintext: input.Plaintext as Uint8Array,
      keyId: String(input.KeyId),
      context: JSON.stringify(input.EncryptionContext),
    });
    return { CiphertextBlob: blob, KeyId: input.KeyId };
  });
  kms.on(DecryptCommand).callsFake((input: DecryptCommand['input']) => {
    const found = encrypted.get(Buffer.from(input.CiphertextBlob as Uint8Array).toString('hex'));
    if (!found || found.keyId !== input.KeyId || found.context !== JSON.stringify(input.EncryptionContext)) {
      throw new InvalidCiphertextException({ message: 'invalid ciphertext', $metadata: {} });
    }
    return { Plaintext: found.plaintext, KeyId: input.KeyId };
  });
}

describe('KmsSecretSealer', () => {
  beforeEach(() => {
    kms.reset();
    givenKms();
  });
  afterAll(() => {
    kms.restore();
  });
  const make = () => new KmsSecretSealer(new KMSClient({ region: 'cn-north-1' }), KEY_ARN);

  behavesAsASealer(make);

  it('encrypts with the district key and the partner-secret encryption context, and decrypts naming the key', async () => {
    const sealer = make();
    const sealed = await sealer.seal(SECRET, CONTEXT);
    await sealer.open(sealed, CONTEXT);
    const context = {
      purpose: 'partner-webhook-secret',
      partnerId: 'pt-property',
      secretId: 'sec_0123456789ab',
    };
    const [encrypt] = kms.commandCalls(EncryptCommand);
    expect(encrypt!.args[0].input).toEqual({
      KeyId: KEY_ARN,
      Plaintext: Buffer.from(SECRET, 'utf8'),
      EncryptionContext: context,
    });
    const [decrypt] = kms.commandCalls(DecryptCommand);
    expect(decrypt!.args[0].input).toMatchObject({ KeyId: KEY_ARN, EncryptionContext: context });
  });

  it('does not open a value sealed with another key', async () => {
    const sealed = await new KmsSecretSealer(
      new KMSClient({ region: 'cn-north-1' }),
      `${KEY_ARN}-other`,
    ).seal(SECRET, CONTEXT);
    expect(await make().open(sealed, CONTEXT)).toBeUndefined();
  });

  it('lets a failure of KMS itself (a disabled key, throttling) through, to be retried', async () => {
    const sealed = await make().seal(SECRET, CONTEXT);
    kms
      .on(DecryptCommand)
      .rejects(new KMSInvalidStateException({ message: 'key is disabled', $metadata: {} }));
    await expect(make().open(sealed, CONTEXT)).rejects.toThrow(/disabled/);
  });
});

describe('CachingSealer', () => {
  /** A sealer that counts what it opens. */
  class CountingSealer extends LocalSecretSealer {
    opened = 0;
    override async open(sealed: string, context: SealContext) {
      this.opened += 1;
      return super.open(sealed, context);
    }
  }

  it('opens a sealed value once per TTL, then again', async () => {
    let now = 0;
    const inner = new CountingSealer();
    const sealer = new CachingSealer(inner, () => now);
    const sealed = await sealer.seal(SECRET, CONTEXT);
    expect(await sealer.open(sealed, CONTEXT)).toBe(SECRET);
    now += OPENED_SECRET_TTL_MS - 1;
    expect(await sealer.open(sealed, CONTEXT)).toBe(SECRET);
    expect(inner.opened).toBe(1);
    now += 1;
    expect(await sealer.open(sealed, CONTEXT)).toBe(SECRET);
    expect(inner.opened).toBe(2);
    expect(OPENED_SECRET_TTL_MS).toBe(5 * 60 * 1000);
  });

  it('keeps what it opened per context: a cached secret does not open for another partner', async () => {
    const inner = new CountingSealer();
    const sealer = new CachingSealer(inner);
    const sealed = await sealer.seal(SECRET, CONTEXT);
    expect(await sealer.open(sealed, CONTEXT)).toBe(SECRET);
    expect(await sealer.open(sealed, { ...CONTEXT, partnerId: 'pt-other' })).toBeUndefined();
    expect(await sealer.open(sealed, { ...CONTEXT, partnerId: 'pt-other' })).toBeUndefined();
    expect(inner.opened).toBe(3);
  });
});
