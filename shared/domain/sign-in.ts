import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { renderSms, type SmsMessage } from './sms-templates.js';

/**
 * The rules of phone-code sign-in (手机号 + 验证码): a 6-digit code, stored only as a salted hash,
 * good for 5 minutes and for one use, locked after 5 wrong tries; codes rate limited per phone and
 * per source address; the tokens' claims. Pure: the store keeps what these rules decide.
 */
export const SIGN_IN = {
  codeDigits: 6,
  codeSeconds: 5 * 60,
  maxWrongTries: 5,
} as const;

/** A limit on code requests: at most `max` in a window of `seconds` (fixed windows, counted in the table). */
export interface RateLimit {
  seconds: number;
  max: number;
}

/**
 * One code a minute and five an hour per phone (what a person needs, retries included); per source
 * address more, since a grid office or a carrier's NAT puts many people behind one address.
 */
export const RATE_LIMITS: { phone: RateLimit[]; source: RateLimit[] } = {
  phone: [
    { seconds: 60, max: 1 },
    { seconds: 3600, max: 5 },
  ],
  source: [
    { seconds: 60, max: 10 },
    { seconds: 3600, max: 100 },
  ],
};

/** The fixed window `at` falls in, named by its length and start: `3600@2026-12-02T03:00:00Z`. */
export function rateWindow(limit: RateLimit, at: Date): { name: string; endsAt: Date } {
  const ms = limit.seconds * 1000;
  const start = Math.floor(at.getTime() / ms) * ms;
  return {
    name: `${limit.seconds}@${new Date(start).toISOString().replace('.000Z', 'Z')}`,
    endsAt: new Date(start + ms),
  };
}

/** A new code: uniformly random digits from the CSPRNG (leading zeros kept). */
export function newCode(random: (max: number) => number = randomInt): string {
  return String(random(10 ** SIGN_IN.codeDigits)).padStart(SIGN_IN.codeDigits, '0');
}

/** How a code is kept: SHA-256 of a per-code salt, the phone and the code; never the code itself. */
export function hashCode(salt: string, phone: string, code: string): string {
  return createHash('sha256').update(`${salt}\n${phone}\n${code}`).digest('base64url');
}

/** A stored code: its hash, when it expires, how many wrong tries it has taken. */
export interface StoredCode {
  salt: string;
  hash: string;
  /** ISO time after which the code no longer signs in. */
  validUntil: string;
  wrongTries: number;
}

export function issueCode(phone: string, now: Date, code: string): StoredCode {
  const salt = randomBytes(16).toString('base64url');
  return {
    salt,
    hash: hashCode(salt, phone, code),
    validUntil: new Date(now.getTime() + SIGN_IN.codeSeconds * 1000).toISOString(),
    wrongTries: 0,
  };
}

/** What a code try comes to; only `valid` signs in, and the caller says the same to all the others. */
export type CodeCheck = 'valid' | 'wrong' | 'locked' | 'expired' | 'none';

/** Checks a try against the stored code (constant time); a code that is locked or expired is not compared. */
export function checkCode(stored: StoredCode | undefined, phone: string, code: string, now: Date): CodeCheck {
  if (!stored) return 'none';
  if (stored.wrongTries >= SIGN_IN.maxWrongTries) return 'locked';
  if (now.getTime() >= new Date(stored.validUntil).getTime()) return 'expired';
  const expected = Buffer.from(stored.hash);
  const actual = Buffer.from(hashCode(stored.salt, phone, code));
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? 'valid' : 'wrong';
}

/** The SMS that carries a code: the `signInCode` template, whose text says how long a code lasts. */
export function signInCodeSms(signature: string, code: string): SmsMessage {
  return renderSms(signature, 'signInCode', [code]);
}

/** Someone a phone may sign in as: a roster person, or a resident of a household. */
export interface SignInIdentity {
  personId: string;
  name: string;
  householdId?: string;
}

/**
 * Who a phone signs in as. One person with several identities (a leader who is also a resident) is
 * their resident identity, which carries the household too. Several people on one phone (a family
 * sharing it) sign in as the one asked for (`personId`, and `householdId` for one of several
 * households), or else as the first by person id then household id: the same answer every time.
 */
export function chooseIdentity(
  identities: SignInIdentity[],
  wanted: { personId?: string | undefined; householdId?: string | undefined } = {},
): SignInIdentity | undefined {
  const sorted = [...identities].sort(
    (a, b) =>
      a.personId.localeCompare(b.personId) ||
      // A household before none: the resident identity carries more.
      (a.householdId === undefined ? 1 : 0) - (b.householdId === undefined ? 1 : 0) ||
      (a.householdId ?? '').localeCompare(b.householdId ?? ''),
  );
  return sorted.find(
    (identity) =>
      (wanted.personId === undefined || identity.personId === wanted.personId) &&
      (wanted.householdId === undefined || identity.householdId === wanted.householdId),
  );
}

/** The claims of an access token: who (as the handlers read them, shared/http/caller.ts) and the JWT's own. */
export function accessTokenClaims(input: {
  identity: SignInIdentity;
  issuer: string;
  audience: string;
  now: Date;
  lifetimeSeconds: number;
  tokenId: string;
}): Record<string, string | number> {
  const issuedAt = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    sub: input.identity.personId,
    aud: input.audience,
    iat: issuedAt,
    exp: issuedAt + input.lifetimeSeconds,
    jti: input.tokenId,
    name: input.identity.name,
    'custom:person_id': input.identity.personId,
    ...(input.identity.householdId ? { 'custom:household_id': input.identity.householdId } : {}),
  };
}

/** A refresh token: 256 random bits, handed out once; the table keeps only its SHA-256. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
