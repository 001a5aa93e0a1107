import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';

/**
 * The token-signing port: RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over a message's SHA-256 digest,
 * by a key whose private half the caller never sees (KMS in AWS, a key made for the run locally).
 * The HTTP API's JWT authorizer verifies RSA signatures only ("Currently, only RSA-based algorithms
 * are supported": https://docs.amazonaws.cn/en_us/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
 */
export interface TokenSigner {
  /** The key's public half, DER SubjectPublicKeyInfo. */
  publicKey(): Promise<Uint8Array>;
  /** The PKCS#1 v1.5 signature of a SHA-256 digest. */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

const base64url = (data: string | Uint8Array) => Buffer.from(data).toString('base64url');

/** The key's id in the JWKS: the RFC 7638 thumbprint of its JWK, so the same key always has the same id. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The public key as the JWKS publishes it: RSA, for signatures, RS256, with its id. */
export async function publicJwk(signer: TokenSigner): Promise<JsonWebKey & { kid: string }> {
  const jwk = createPublicKey({
    key: Buffer.from(await signer.publicKey()),
    format: 'der',
    type: 'spki',
  }).export({ format: 'jwk' });
  return { kty: jwk.kty, n: jwk.n, e: jwk.e, kid: thumbprint(jwk), use: 'sig', alg: 'RS256' };
}

/** A compact JWS (a JWT) of `claims`, signed through the port. */
export async function signJwt(
  signer: TokenSigner,
  keyId: string,
  claims: Record<string, string | number>,
): Promise<string> {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: keyId }));
  const input = `${header}.${base64url(JSON.stringify(claims))}`;
  const signature = await signer.signDigest(createHash('sha256').update(input).digest());
  return `${input}.${base64url(signature)}`;
}
