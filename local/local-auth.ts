import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { DemoDistrict } from '../demo/lvyuan-district.js';
import { CLAIMS } from '../shared/http/caller.js';
import { demoSignIns } from './local-people.js';

export type Claims = Record<string, string>;

/**
 * Local stand-in for the Cognito user pool: the same ID-token claims, signed with a key made
 * for this run, verified by the local server as the HTTP API's JWT authorizer would.
 */
export class LocalAuth {
  private readonly key = randomBytes(32);
  readonly issuer = 'sanzhang-local';
  readonly audience = 'sanzhang-local-client';

  /** `expiresAt` as jose takes it: a lifetime ('12h') or a moment (a past one makes an expired token). */
  async sign(claims: Claims, expiresAt: string | Date = '12h'): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(claims[CLAIMS.personId] ?? 'unknown')
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.key);
  }

  /** The verified claims, or undefined when the token is missing, forged or expired. */
  async verify(token: string): Promise<Claims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: this.issuer, audience: this.audience });
      return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, String(value)]));
    } catch {
      return undefined;
    }
  }
}

/** The claims a demo person's token carries: who they are and, for a resident, their household. */
export function demoClaims(district: DemoDistrict, personId: string): Claims | undefined {
  const person = demoSignIns(district).find((candidate) => candidate.id === personId);
  if (!person) return undefined;
  return {
    [CLAIMS.personId]: person.id,
    [CLAIMS.name]: person.name,
    ...(person.householdId ? { [CLAIMS.householdId]: person.householdId } : {}),
  };
}
