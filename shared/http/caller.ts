import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { UnauthorizedError } from '../errors.js';

/**
 * Who is calling, from the JWT the HTTP API authorizer verified (the district's access token, or a
 * Cognito ID token: the same claims, shared/domain/sign-in.ts accessTokenClaims). The
 * token says who; what they may do is read from the district's records (shared/runtime/caller-access.ts),
 * so a new post or a removed one takes effect at once, not when a token expires.
 */
export interface Identity {
  personId: string;
  name?: string;
  /** Residents: the household the account belongs to. */
  householdId?: string;
}

export const CLAIMS = {
  personId: 'custom:person_id',
  householdId: 'custom:household_id',
  name: 'name',
} as const;

export function identityFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): Identity {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const personId = claims[CLAIMS.personId];
  if (typeof personId !== 'string' || personId === '') {
    throw new UnauthorizedError('The token does not carry a person id.');
  }
  const householdId = claims[CLAIMS.householdId];
  const name = claims[CLAIMS.name];
  return {
    personId,
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof householdId === 'string' && householdId !== '' ? { householdId } : {}),
  };
}
