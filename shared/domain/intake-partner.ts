import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, ForbiddenError } from '../errors.js';
import { safeEqual } from './intake-secrets.js';
import type { FieldMapping, IntakeFormat, JsonFormatConfig } from './intake-submission.js';

/**
 * A secret a partner signs with (or puts in its URL); two are active while one replaces the other.
 * Only its sealed form is kept (see shared/adapters/secret-sealer.ts), and its last characters to
 * tell secrets apart.
 */
export interface PartnerSecret {
  id: string;
  sealed: string;
  endsWith: string;
  createdAt: string;
}

/** A secret as deployed districts stored it before secrets were sealed: in clear, until sealed. */
export interface PlaintextSecret {
  id: string;
  value: string;
  createdAt: string;
}

export const isSealed = (secret: PartnerSecret | PlaintextSecret): secret is PartnerSecret =>
  typeof (secret as Partial<PartnerSecret>).sealed === 'string';

/** The characters of a secret shown to tell it apart (as a card's last four digits). */
export const secretEnding = (value: string) => value.slice(-4);

/**
 * An Open311 API key: only its SHA-256 is kept. The key holds 256 random bits, so its hash can be
 * neither reversed nor guessed: a copy of the table calls nothing, and no KMS key is needed.
 */
export interface ApiKeyRecord {
  id: string;
  sha256: string;
  createdAt: string;
  revokedAt?: string;
}

/** A third-party channel of the district: a community's form product, or a civic app on Open311. */
export interface Partner {
  id: string;
  name: string;
  format: IntakeFormat;
  /** The node whose households its requests may be for (`district`, a street or a community). */
  scope: string;
  /** The community whose staff place what no household matches (triage). */
  triageCommunityId: string;
  defaultCategory: string;
  mapping: FieldMapping;
  /** The `json` format's delivery id, events, proof and handshake (only for that format). */
  json?: JsonFormatConfig;
  secrets: PartnerSecret[];
  apiKeys: ApiKeyRecord[];
  /** A disabled partner's deliveries and keys are refused, its past requests stay. */
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** At most two secrets are active: the current one and the one it replaces during rotation. */
export const MAX_ACTIVE_SECRETS = 2;

/** 32 random bytes, URL-safe: long enough to be the only proof when it travels in the URL (草料). */
export const newSecretValue = () => randomBytes(32).toString('base64url');

const shortId = (prefix: string) => `${prefix}${randomBytes(6).toString('hex')}`;

/** A new secret's id: made before the secret is sealed, since the seal is bound to it. */
export const newSecretId = () => shortId('sec_');

export function addSecret(
  partner: Partner,
  sealed: Omit<PartnerSecret, 'createdAt'>,
  now: Date,
): { partner: Partner; secret: PartnerSecret } {
  if (partner.secrets.length >= MAX_ACTIVE_SECRETS) {
    throw new ConflictError(
      `Partner ${partner.id} already has ${MAX_ACTIVE_SECRETS} active secrets; retire the old one first.`,
    );
  }
  const secret = { ...sealed, createdAt: now.toISOString() };
  return { partner: { ...partner, secrets: [...partner.secrets, secret] }, secret };
}

export function retireSecret(partner: Partner, secretId: string): Partner {
  if (!partner.secrets.some((secret) => secret.id === secretId)) {
    throw new ConflictError(`Partner ${partner.id} has no active secret ${secretId}.`);
  }
  if (partner.secrets.length === 1) {
    throw new ConflictError(
      `Secret ${secretId} is partner ${partner.id}'s only one; add its successor first.`,
    );
  }
  return { ...partner, secrets: partner.secrets.filter((secret) => secret.id !== secretId) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A new API key, `<partnerId>.<random>`: the prefix finds the partner without an index. */
export function issueApiKey(
  partner: Partner,
  now: Date,
): { partner: Partner; key: string; record: ApiKeyRecord } {
  const key = `${partner.id}.${newSecretValue()}`;
  const record = { id: shortId('key_'), sha256: sha256(key), createdAt: now.toISOString() };
  return { partner: { ...partner, apiKeys: [...partner.apiKeys, record] }, key, record };
}

export function revokeApiKey(partner: Partner, keyId: string, now: Date): Partner {
  const record = partner.apiKeys.find((candidate) => candidate.id === keyId);
  if (!record) throw new ConflictError(`Partner ${partner.id} has no API key ${keyId}.`);
  if (record.revokedAt) return partner;
  return {
    ...partner,
    apiKeys: partner.apiKeys.map((candidate) =>
      candidate === record ? { ...candidate, revokedAt: now.toISOString() } : candidate,
    ),
  };
}

/** The partner an API key names (its prefix), to be read and then checked with `assertApiKey`. */
export const apiKeyPartnerId = (key: string) => key.slice(0, Math.max(0, key.lastIndexOf('.')));

/** The key is one of the partner's unrevoked keys, and the partner is enabled; else 403 (as Open311 says). */
export function assertApiKey(partner: Partner | undefined, key: string): Partner {
  const digest = sha256(key);
  const valid = (partner?.apiKeys ?? []).filter(
    (record) => !record.revokedAt && safeEqual(digest, record.sha256),
  );
  if (!partner || partner.disabled || valid.length === 0) {
    throw new ForbiddenError('The api_key is not valid for this district, or was revoked.');
  }
  return partner;
}

/** What the API shows of a partner: never a secret (sealed or not) or a key's hash. */
export function partnerView(partner: Partner) {
  const { secrets, apiKeys, ...rest } = partner;
  return {
    ...rest,
    secrets: secrets.map(({ id, createdAt, endsWith }) => ({ id, createdAt, endsWith })),
    apiKeys: apiKeys.map(({ sha256: _hash, ...key }) => key),
  };
}
