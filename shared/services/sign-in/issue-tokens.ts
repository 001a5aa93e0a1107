import { randomUUID } from 'node:crypto';
import { publicJwk, signJwt } from '../../adapters/token-signer.js';
import {
  accessTokenClaims,
  checkCode,
  chooseIdentity,
  hashRefreshToken,
  newRefreshToken,
  SIGN_IN,
  type SignInIdentity,
} from '../../domain/sign-in.js';
import { UnauthorizedError, ValidationError } from '../../errors.js';
import type { Dependencies, SignInSettings } from '../../runtime/dependencies.js';
import {
  consumeCode,
  countWrongTry,
  getCode,
  getFamily,
  getRefreshToken,
  revokeFamily,
  rotateRefreshToken,
  signInIdentities,
  startFamily,
} from '../../store/sign-in-store.js';
import { auditSignIn, type SignInSource } from './audit.js';

/** What a successful exchange answers (the OAuth 2.0 token response's names, camel-cased like the rest of the API). */
export interface IssuedTokens {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  personId: string;
  householdId?: string;
}

/** One answer for a wrong, expired, used, locked or missing code: which one it was is not the caller's to learn. */
const refusedCode = () =>
  new UnauthorizedError('The code is wrong, expired or used up; ask for a new one (POST /auth/codes).');
const refusedRefresh = () =>
  new UnauthorizedError('The refresh token is not valid (expired, used or signed out); sign in again.');

export function signInSettings(deps: Dependencies): SignInSettings {
  if (!deps.signIn)
    throw new Error('this function has no token issuer (phone-code sign-in is not configured)');
  return deps.signIn;
}

const secondsFrom = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

async function accessToken(deps: Dependencies, identity: SignInIdentity): Promise<string> {
  const settings = signInSettings(deps);
  const claims = accessTokenClaims({
    identity,
    issuer: settings.issuer,
    audience: settings.audience,
    // The gateway checks `exp` against its own clock, not the district's (virtual in the local run).
    now: new Date(),
    lifetimeSeconds: deps.config.auth.accessTokenMinutes * 60,
    tokenId: randomUUID(),
  });
  return signJwt(settings.signer, (await publicJwk(settings.signer)).kid, claims);
}

function tokens(deps: Dependencies, identity: SignInIdentity, access: string, refresh: string): IssuedTokens {
  return {
    tokenType: 'Bearer',
    accessToken: access,
    expiresIn: deps.config.auth.accessTokenMinutes * 60,
    refreshToken: refresh,
    refreshExpiresIn: deps.config.auth.refreshTokenDays * 24 * 3600,
    personId: identity.personId,
    ...(identity.householdId ? { householdId: identity.householdId } : {}),
  };
}

/** Counts a wrong try; the fifth locks the code (audited as such). */
async function refuseWrongCode(deps: Dependencies, input: { phone: string } & SignInSource, hash: string) {
  const tries = await countWrongTry(deps.table, input.phone, hash);
  auditSignIn('code-refused', tries >= SIGN_IN.maxWrongTries ? 'locked' : 'wrong', input);
  return refusedCode();
}

/**
 * POST /auth/tokens with a phone and its code: the code is checked (a wrong one counts; the fifth
 * locks it), the phone's identity chosen (docs/api.md, "Signing in"), the code used up, and a new
 * sign-in begun: a short-lived access token and a refresh token.
 */
export async function exchangeCode(
  deps: Dependencies,
  input: { phone: string; code: string; personId?: string; householdId?: string } & SignInSource,
): Promise<IssuedTokens> {
  const now = deps.clock.now();
  const stored = await getCode(deps.table, input.phone);
  const check = checkCode(stored, input.phone, input.code, now);
  if (check === 'wrong' && stored) throw await refuseWrongCode(deps, input, stored.hash);
  if (check !== 'valid' || !stored) {
    auditSignIn('code-refused', check, input);
    throw refusedCode();
  }
  const identities = await signInIdentities(deps.table, input.phone);
  const identity = chooseIdentity(identities, input);
  if (!identity && identities.length > 0) {
    auditSignIn('code-refused', 'identity-not-of-phone', input);
    throw new ValidationError('This phone does not sign in as the person or household asked for.', [
      { field: input.householdId ? 'householdId' : 'personId', message: 'not of this phone' },
    ]);
  }
  if (!identity || !(await consumeCode(deps.table, input.phone, stored.hash))) {
    auditSignIn('code-refused', identity ? 'used' : 'unknown-phone', input);
    throw refusedCode();
  }
  const refresh = newRefreshToken();
  const validUntil = secondsFrom(now, deps.config.auth.refreshTokenDays * 24 * 3600);
  await startFamily(
    deps.table,
    { familyId: randomUUID(), phone: input.phone, identity, createdAt: now.toISOString() },
    { hash: refresh.hash, validUntil },
  );
  auditSignIn('code-verified', 'signed-in', input, identity.personId);
  return tokens(deps, identity, await accessToken(deps, identity), refresh.token);
}

const sameIdentity = (a: SignInIdentity, b: SignInIdentity) =>
  a.personId === b.personId && a.householdId === b.householdId;

/**
 * POST /auth/tokens with a refresh token: the token is replaced by a new one (each works once); a
 * token used a second time revokes its whole sign-in, since one of the two users holds a stolen
 * copy. The phone must still sign in as the same person, or the sign-in ends.
 */
export async function refreshTokens(
  deps: Dependencies,
  input: { refreshToken: string } & SignInSource,
): Promise<IssuedTokens> {
  const now = deps.clock.now();
  const hash = hashRefreshToken(input.refreshToken);
  const stored = await getRefreshToken(deps.table, hash);
  if (!stored || new Date(stored.validUntil) <= now) {
    auditSignIn('refresh-refused', stored ? 'expired' : 'unknown-token', input);
    throw refusedRefresh();
  }
  const family = await getFamily(deps.table, stored.familyId);
  if (stored.usedAt) {
    await revokeFamily(deps.table, stored.familyId, now.toISOString());
    auditSignIn('refresh-reuse-detected', 'family-revoked', input, family?.identity.personId);
    throw refusedRefresh();
  }
  if (!family || family.revokedAt) {
    auditSignIn('refresh-refused', 'revoked', input, family?.identity.personId);
    throw refusedRefresh();
  }
  const personId = family.identity.personId;
  const identity = (await signInIdentities(deps.table, family.phone)).find((candidate) =>
    sameIdentity(candidate, family.identity),
  );
  if (!identity) {
    await revokeFamily(deps.table, family.familyId, now.toISOString());
    auditSignIn('refresh-refused', 'phone-no-longer-theirs', input, personId);
    throw refusedRefresh();
  }
  const next = newRefreshToken();
  const validUntil = secondsFrom(now, deps.config.auth.refreshTokenDays * 24 * 3600);
  const rotated = await rotateRefreshToken(
    deps.table,
    { hash, familyId: family.familyId, at: now.toISOString() },
    { hash: next.hash, validUntil },
  );
  if (rotated !== 'rotated') {
    if (rotated === 'reused') await revokeFamily(deps.table, family.familyId, now.toISOString());
    auditSignIn(
      rotated === 'reused' ? 'refresh-reuse-detected' : 'refresh-refused',
      rotated,
      input,
      personId,
    );
    throw refusedRefresh();
  }
  auditSignIn('tokens-refreshed', 'rotated', input, personId);
  return tokens(deps, identity, await accessToken(deps, identity), next.token);
}

/** POST /auth/sign-out: the refresh token's sign-in is revoked. Answered the same for any token, known or not. */
export async function signOut(
  deps: Dependencies,
  input: { refreshToken: string } & SignInSource,
): Promise<void> {
  const stored = await getRefreshToken(deps.table, hashRefreshToken(input.refreshToken));
  if (stored) await revokeFamily(deps.table, stored.familyId, deps.clock.now().toISOString());
  const family = stored ? await getFamily(deps.table, stored.familyId) : undefined;
  auditSignIn('signed-out', stored ? 'revoked' : 'unknown-token', input, family?.identity.personId);
}
