import { describe, expect, it } from 'vitest';
import { handler as getRequest } from '../../functions/api/get-request.js';
import { handler as nodes } from '../../functions/api/nodes.js';
import { handler as listRequests } from '../../functions/api/list-requests.js';
import { handler as open311 } from '../../functions/intake/open311.js';
import { handler as receiveDelivery } from '../../functions/intake/receive-delivery.js';
import { apiEvent, asAdmin, bodyOf, lambdaContext } from '../support/api-event.js';
import { ddb, mockDependenciesForEachTest } from '../support/mock-dependencies.js';

/**
 * Every route's path and query parameters are bounded before anything reaches the table: an id or
 * a key over DynamoDB's limits (2,048 bytes for a partition key) is a 400 naming the parameter.
 */
mockDependenciesForEachTest();

const LONG = 'a'.repeat(3000);

function expectRefused(response: Awaited<ReturnType<typeof getRequest>>, field: string) {
  expect(response.statusCode).toBe(400);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  expect(bodyOf(response).errors).toEqual([{ field, message: expect.any(String) }]);
  // Nothing read or written: not even the caller's access.
  expect(ddb.calls()).toHaveLength(0);
}

describe('an API handler (apiHandler)', () => {
  it('refuses a path parameter over its bound, naming it', async () => {
    const response = await getRequest(
      apiEvent({
        method: 'GET',
        path: `/requests/${LONG}`,
        routeKey: 'GET /requests/{id}',
        pathParameters: { id: LONG },
        claims: asAdmin(),
      }),
      lambdaContext,
    );
    expectRefused(response, 'id');
  });

  it('refuses a query parameter over its bound, naming it', async () => {
    const response = await listRequests(
      apiEvent({
        method: 'GET',
        path: '/requests',
        routeKey: 'GET /requests',
        query: { node: LONG },
        claims: asAdmin(),
      }),
      lambdaContext,
    );
    expectRefused(response, 'node');
  });

  it.each([
    ['a control character', 'gd-yinrong\u0000'],
    ['a line break', 'gd\nyinrong'],
    ['a lone surrogate', 'gd-\ud800'],
  ])('refuses %s in a parameter', async (_what, id) => {
    const response = await nodes(
      apiEvent({
        method: 'GET',
        path: `/nodes/${id}`,
        routeKey: 'GET /nodes/{id}',
        pathParameters: { id },
        claims: asAdmin(),
      }),
      lambdaContext,
    );
    expectRefused(response, 'id');
  });

  it('refuses a query parameter whose name is over its bound, without echoing it', async () => {
    const response = await nodes(
      apiEvent({
        method: 'GET',
        path: '/nodes/gd-yinrong-3/children',
        routeKey: 'GET /nodes/{id}/children',
        pathParameters: { id: 'gd-yinrong-3' },
        query: { [LONG]: 'x' },
        claims: asAdmin(),
      }),
      lambdaContext,
    );
    expectRefused(response, 'query');
    expect(response.body).not.toContain(LONG);
  });
});

describe('a public handler (publicHandler)', () => {
  it('refuses a partner id over its bound before looking the partner up', async () => {
    const response = await receiveDelivery(
      apiEvent({
        method: 'POST',
        path: `/intake/${LONG}`,
        routeKey: 'POST /intake/{partnerId}',
        pathParameters: { partnerId: LONG },
        body: '{}',
      }),
      lambdaContext,
    );
    expectRefused(response, 'partnerId');
  });

  it('answers Open311 in its own error format', async () => {
    const response = await open311(
      apiEvent({
        method: 'GET',
        path: `/open311/v2/requests/${LONG}.json`,
        routeKey: 'GET /open311/v2/requests/{file}',
        pathParameters: { file: `${LONG}.json` },
      }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '')).toEqual([
      { code: 400, description: expect.stringMatching(/^file: /) },
    ]);
    expect(ddb.calls()).toHaveLength(0);
  });
});
