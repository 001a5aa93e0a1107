import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, ForbiddenError } from '../../shared/errors.js';
import {
  addSecret,
  apiKeyPartnerId,
  assertApiKey,
  issueApiKey,
  MAX_ACTIVE_SECRETS,
  newSecretId,
  partnerView,
  retireSecret,
  revokeApiKey,
  secretEnding,
  type Partner,
} from '../../shared/domain/intake-partner.js';

const CREATED = new Date('2026-11-01T02:00:00Z');
const NOW = new Date('2026-11-23T02:00:00Z');
const LATER = new Date('2026-11-24T02:00:00Z');
const SECRET = 'sk-yinrong-2026-4f9c1e7a0b3d4e8f9a2c6d1e5b7f3a90';
const NEXT_SECRET = 'sk-yinrong-2027-8e2d5c1b9a7f4e3d2c1b0a9f8e7d6c54';

function aPartner(overrides: Partial<Partner> = {}): Partner {
  return {
    id: 'pt-property',
    name: '银融物业报修系统',
    format: 'sanzhang',
    scope: 'cm-yinrong',
    triageCommunityId: 'cm-yinrong',
    defaultCategory: 'repair',
    mapping: {},
    secrets: [
      {
        id: 'sec_first',
        sealed: 'sealed-first',
        endsWith: secretEnding(SECRET),
        createdAt: CREATED.toISOString(),
      },
    ],
    apiKeys: [],
    disabled: false,
    createdAt: CREATED.toISOString(),
    updatedAt: CREATED.toISOString(),
    revision: 1,
    ...overrides,
  };
}

/** What the service hands the domain: a new id, an opaque sealed value, the secret's last characters. */
const sealedSecret = (value: string) => ({
  id: newSecretId(),
  sealed: `sealed-${createHash('sha256').update(value).digest('base64url')}`,
  endsWith: secretEnding(value),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The AppError a call throws (the test fails when it throws nothing or something else). */
function thrown(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('secrets: at most two, rotated one at a time', () => {
  it('adds a second sealed secret, leaving the partner it was given unchanged', () => {
    const before = aPartner();
    const sealed = sealedSecret(NEXT_SECRET);
    const { partner, secret } = addSecret(before, sealed, NOW);
    expect(secret).toEqual({ ...sealed, createdAt: NOW.toISOString() });
    expect(secret.endsWith).toBe(NEXT_SECRET.slice(-4));
    expect(partner.secrets).toEqual([before.secrets[0], secret]);
    expect(before.secrets).toHaveLength(1);
  });

  it('makes each new secret its own id', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newSecretId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^sec_[0-9a-f]{12}$/);
  });

  it('refuses a third with 409, saying to retire the old one first', () => {
    expect(MAX_ACTIVE_SECRETS).toBe(2);
    const { partner } = addSecret(aPartner(), sealedSecret(NEXT_SECRET), NOW);
    const error = thrown(() => addSecret(partner, sealedSecret('sk-third-secret-value'), NOW));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.detail).toMatch(/retire the old one first/);
  });

  it('retires the old secret once its successor is there', () => {
    const { partner, secret } = addSecret(aPartner(), sealedSecret(NEXT_SECRET), NOW);
    expect(retireSecret(partner, 'sec_first').secrets).toEqual([secret]);
    expect(partner.secrets).toHaveLength(2);
  });

  it('refuses to retire the only secret', () => {
    const error = thrown(() => retireSecret(aPartner(), 'sec_first'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.detail).toMatch(/only one; add its successor first/);
  });

  it('refuses an unknown secret id', () => {
    const { partner } = addSecret(aPartner(), sealedSecret(NEXT_SECRET), NOW);
    const error = thrown(() => retireSecret(partner, 'sec_nosuch'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.detail).toMatch(/no active secret sec_nosuch/);
  });
});

describe('API keys: issued once, kept as a hash', () => {
  it('issues `<partnerId>.<random>` and keeps only its SHA-256', () => {
    const { partner, key, record } = issueApiKey(aPartner(), NOW);
    expect(key).toMatch(/^pt-property\.[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{12}$/),
      sha256: sha256(key),
      createdAt: NOW.toISOString(),
    });
    expect(partner.apiKeys).toEqual([record]);
    expect(JSON.stringify(partner)).not.toContain(key.split('.')[1]);
  });

  it('issues a different key and id every time', () => {
    const first = issueApiKey(aPartner(), NOW);
    const second = issueApiKey(first.partner, NOW);
    expect(second.key).not.toBe(first.key);
    expect(second.record.id).not.toBe(first.record.id);
    expect(second.partner.apiKeys).toEqual([first.record, second.record]);
  });

  it('finds the partner from the key’s prefix', () => {
    const { key } = issueApiKey(aPartner(), NOW);
    expect(apiKeyPartnerId(key)).toBe('pt-property');
    expect(apiKeyPartnerId('pt.with.dots.abcdef')).toBe('pt.with.dots');
    expect(apiKeyPartnerId('no-separator')).toBe('');
  });

  it('revokes a key at the time given, leaving the others alone', () => {
    const first = issueApiKey(aPartner(), NOW);
    const second = issueApiKey(first.partner, NOW);
    const revoked = revokeApiKey(second.partner, first.record.id, LATER);
    expect(revoked.apiKeys).toEqual([{ ...first.record, revokedAt: LATER.toISOString() }, second.record]);
  });

  it('revoking again changes nothing', () => {
    const { partner, record } = issueApiKey(aPartner(), NOW);
    const once = revokeApiKey(partner, record.id, NOW);
    const twice = revokeApiKey(once, record.id, LATER);
    expect(twice).toBe(once);
    expect(twice.apiKeys[0]!.revokedAt).toBe(NOW.toISOString());
  });

  it('refuses to revoke an unknown key', () => {
    expect(() => revokeApiKey(aPartner(), 'key_nosuch', NOW)).toThrow(ConflictError);
  });
});

describe('assertApiKey', () => {
  const issued = () => issueApiKey(aPartner(), NOW);

  const refusal = (partner: Partner | undefined, key: string) => {
    const error = thrown(() => assertApiKey(partner, key));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.status).toBe(403);
  };

  it('accepts a valid key of an enabled partner, and returns the partner', () => {
    const { partner, key } = issued();
    expect(assertApiKey(partner, key)).toBe(partner);
  });

  it('accepts the unrevoked key when another one was revoked', () => {
    const first = issued();
    const second = issueApiKey(first.partner, NOW);
    const partner = revokeApiKey(second.partner, first.record.id, LATER);
    expect(assertApiKey(partner, second.key)).toBe(partner);
    refusal(partner, first.key);
  });

  it('refuses a revoked key', () => {
    const { partner, key, record } = issued();
    refusal(revokeApiKey(partner, record.id, LATER), key);
  });

  it('refuses a wrong key, and another partner’s key', () => {
    const { partner, key } = issued();
    refusal(partner, `${key}x`);
    refusal(partner, 'pt-property.not-a-key');
    const other = issueApiKey(aPartner({ id: 'pt-other' }), NOW);
    refusal(partner, other.key);
  });

  it('refuses a disabled partner’s key', () => {
    const { partner, key } = issued();
    refusal({ ...partner, disabled: true }, key);
  });

  it('refuses an unknown partner, and a partner without keys', () => {
    const { key } = issued();
    refusal(undefined, key);
    refusal(aPartner(), key);
  });
});

describe('partnerView', () => {
  it('shows the partner, each secret’s id and last four characters, and each key’s id and dates', () => {
    const rotated = addSecret(aPartner(), sealedSecret(NEXT_SECRET), NOW);
    const { partner, record } = issueApiKey(rotated.partner, NOW);
    const revoked = revokeApiKey(partner, record.id, LATER);
    const view = partnerView(revoked);
    expect(view).toEqual({
      id: 'pt-property',
      name: '银融物业报修系统',
      format: 'sanzhang',
      scope: 'cm-yinrong',
      triageCommunityId: 'cm-yinrong',
      defaultCategory: 'repair',
      mapping: {},
      disabled: false,
      createdAt: CREATED.toISOString(),
      updatedAt: CREATED.toISOString(),
      revision: 1,
      secrets: [
        { id: 'sec_first', createdAt: CREATED.toISOString(), endsWith: SECRET.slice(-4) },
        { id: rotated.secret.id, createdAt: NOW.toISOString(), endsWith: NEXT_SECRET.slice(-4) },
      ],
      apiKeys: [{ id: record.id, createdAt: NOW.toISOString(), revokedAt: LATER.toISOString() }],
    });
  });

  it('never shows a secret’s value, a key or a key’s hash', () => {
    const rotated = addSecret(aPartner(), sealedSecret(NEXT_SECRET), NOW);
    const { partner, key, record } = issueApiKey(rotated.partner, NOW);
    const text = JSON.stringify(partnerView(partner));
    const sealed = partner.secrets.map((secret) => secret.sealed);
    for (const hidden of [SECRET, NEXT_SECRET, ...sealed, key, record.sha256])
      expect(text).not.toContain(hidden);
    expect(text).not.toMatch(/"value"|"sealed"|"sha256"/);
  });
});
