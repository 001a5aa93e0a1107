import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { CLAIMS, type Role } from '../../shared/http/caller.js';

export type Claims = Record<string, string | number | boolean | string[]>;

/** The claims the HTTP API's JWT authorizer passes on for a Cognito user of the district. */
export function claimsOf(role: Role, personId: string, householdId?: string): Claims {
  return {
    [CLAIMS.role]: role,
    [CLAIMS.personId]: personId,
    ...(householdId ? { [CLAIMS.householdId]: householdId } : {}),
  };
}

export const asResident = (personId: string, householdId: string) =>
  claimsOf('resident', personId, householdId);
export const asLeader = (personId: string) => claimsOf('leader', personId);
export const asStaff = (personId = 'staff-1') => claimsOf('staff', personId);

/** An API Gateway HTTP API (payload format 2.0) event, as the deployed API hands it to the Lambda. */
export function apiEvent(input: {
  method: 'GET' | 'POST';
  path: string;
  routeKey: string;
  claims?: Claims;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const query = input.query ?? {};
  const body =
    input.body === undefined
      ? undefined
      : typeof input.body === 'string'
        ? input.body
        : JSON.stringify(input.body);
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { 'content-type': 'application/json', ...input.headers },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'unit-test',
      domainName: 'api.example.cn',
      domainPrefix: 'api',
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'vitest',
      },
      requestId: 'unit-test-request',
      routeKey: input.routeKey,
      stage: '$default',
      time: '23/Nov/2026:02:00:00 +0000',
      timeEpoch: Date.UTC(2026, 10, 23, 2),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: input.claims ?? {}, scopes: [] },
      },
    },
  };
}

/** Handlers ignore the Lambda context; middy only looks for getRemainingTimeInMillis, which is absent. */
export const lambdaContext = {} as Context;

/** The JSON body of a handler's response. */
export function bodyOf(response: { body?: string }): Record<string, unknown> {
  return JSON.parse(response.body ?? '{}') as Record<string, unknown>;
}
