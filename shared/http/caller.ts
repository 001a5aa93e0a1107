import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { UnauthorizedError } from '../errors.js';

export const ROLES = ['resident', 'leader', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from the JWT the HTTP API authorizer verified (Cognito ID token claims). */
export interface Caller {
  personId: string;
  role: Role;
  name?: string;
  /** Residents only: the household they belong to. */
  householdId?: string;
}

export const CLAIMS = {
  role: 'custom:role',
  personId: 'custom:person_id',
  householdId: 'custom:household_id',
  name: 'name',
} as const;

export function callerFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const role = claims[CLAIMS.role];
  const personId = claims[CLAIMS.personId];
  if (typeof personId !== 'string' || !ROLES.includes(role as Role)) {
    throw new UnauthorizedError('The token does not carry a person id and a known role.');
  }
  const householdId = claims[CLAIMS.householdId];
  const name = claims[CLAIMS.name];
  if (role === 'resident' && typeof householdId !== 'string') {
    throw new UnauthorizedError('A resident token must carry the household id.');
  }
  return {
    personId,
    role: role as Role,
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof householdId === 'string' ? { householdId } : {}),
  };
}
