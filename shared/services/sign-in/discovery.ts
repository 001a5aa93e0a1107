import { publicJwk } from '../../adapters/token-signer.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { signInSettings } from './issue-tokens.js';

/**
 * The district's OpenID Connect discovery document: what the HTTP API's JWT authorizer reads (at
 * `<issuer>/.well-known/openid-configuration`) to find the keys its tokens are signed with.
 */
export function openIdConfiguration(deps: Dependencies) {
  const { issuer } = signInSettings(deps);
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    token_endpoint: `${issuer}/auth/tokens`,
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'jti',
      'name',
      'custom:person_id',
      'custom:household_id',
    ],
  };
}

/** The key set: the one public key of the district's signing key (read from KMS once per container). */
export async function jsonWebKeySet(deps: Dependencies) {
  return { keys: [await publicJwk(signInSettings(deps).signer)] };
}
