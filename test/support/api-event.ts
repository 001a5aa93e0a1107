import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { CLAIMS } from '../../shared/http/caller.js';

export type Claims = Record<string, string | number | boolean | string[]>;

/**
 * The claims the HTTP API's JWT authorizer passes on for a Cognito user of the district: who they
 * are, and a resident's household. Their posts and roles come from the table (mock-dependencies.ts).
 */
export function claimsOf(personId: string, householdId?: string): Claims {
  return {
    [CLAIMS.personId]: personId,
    ...(householdId ? { [CLAIMS.householdId]: householdId } : {}),
  };
}

export const asResident = (personId: string, householdId: string) => claimsOf(personId, householdId);
export const asLeader = (personId: string) => claimsOf(personId);
/** `staff-1` is community staff of the demo household's community (see mock-dependencies.ts). */
export const asStaff = (personId = 'staff-1') => claimsOf(personId);
/** `staff-far` is community staff of a community in another street. */
export const asOutsideStaff = () => claimsOf('staff-far');
/** `admin-1` administers the whole district. */
export const asAdmin = () => claimsOf('admin-1');
/** `water-1` is service staff (the water company) of the demo household's grid. */
export const asServiceStaff = () => claimsOf('water-1');
/** `nobody` holds no post and was given no role. */
export const asNobody = () => claimsOf('nobody');

/** An API Gateway HTTP API (payload format 2.0) event, as the deployed API hands it to the Lambda. */
export function apiEvent(input: {
  method: 'GET' | 'POST' | 'PUT';
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
