import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { DemoDistrict } from '../demo/lvyuan-district.js';
import { LocalTokenSigner } from '../shared/adapters/local-token-signer.js';
import { publicJwk, signJwt } from '../shared/adapters/token-signer.js';
import { CLAIMS } from '../shared/http/caller.js';
import type { SignInSettings } from '../shared/runtime/dependencies.js';
import { demoSignIns } from './local-people.js';

export type Claims = Record<string, string>;

/**
 * The local run's token issuer and JWT authorizer: an RSA key made for this run signs the sign-in
 * routes' tokens (as the district's KMS key does in AWS) and the demo's shortcut tokens, and the
 * local gateway verifies every token as the HTTP API's JWT authorizer would: RS256 against the
 * published key set, issuer, audience, expiry.
 */
export class LocalAuth {
  readonly signer = new LocalTokenSigner();
  private keySet: Promise<ReturnType<typeof createLocalJWKSet>> | undefined;

  constructor(
    readonly issuer = 'http://localhost',
    readonly audience = 'sanzhang-local',
  ) {}

  /** What the sign-in routes issue tokens with (the local run's `deps.signIn`). */
  get settings(): SignInSettings {
    return { signer: this.signer, issuer: this.issuer, audience: this.audience };
  }

  /** A demo token (`GET /local/token`) with these claims, valid until `expiresAt` (12 hours; a past moment makes an expired one). */
  async sign(claims: Claims, expiresAt = new Date(Date.now() + 12 * 3600 * 1000)): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwk = await publicJwk(this.signer);
    return signJwt(this.signer, jwk.kid, {
      iss: this.issuer,
      aud: this.audience,
      sub: claims[CLAIMS.personId] ?? 'unknown',
      iat: now,
      exp: Math.floor(expiresAt.getTime() / 1000),
      jti: randomUUID(),
      ...claims,
    });
  }

  /** The verified claims, or undefined when the token is missing, forged, for someone else or expired. */
  async verify(token: string): Promise<Claims | undefined> {
    this.keySet ??= publicJwk(this.signer).then((jwk) => createLocalJWKSet({ keys: [jwk] } as JSONWebKeySet));
    try {
      const { payload } = await jwtVerify(token, await this.keySet, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
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
