import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as getRequest } from '../../functions/api/get-request.js';
import { handler as open311 } from '../../functions/intake/open311.js';
import { handler as receiveDelivery } from '../../functions/intake/receive-delivery.js';
import { AWS_CALL_LIMITS, type AwsCallLimits } from '../../shared/aws-call-limits.js';
import { ManualClock } from '../../shared/domain/clock.js';
import { ServiceUnavailableError } from '../../shared/errors.js';
import { asServiceUnavailable, problemResponse } from '../../shared/http/problem.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { createDocumentClient } from '../../shared/store/document-client.js';
import { apiEvent, asAdmin, lambdaContext } from '../support/api-event.js';
import { config } from '../support/fixtures.js';

/**
 * When DynamoDB cannot be reached (refused, timed out, throttled past the SDK's retries, failing on
 * its side), every handler answers 503 problem+json with Retry-After: the same in Lambda and locally.
 * The SDK here is real and talks HTTP to an endpoint that is down or misbehaves.
 */
let dynamoDb: Server;
let answer: { status: number; type: string } = { status: 500, type: 'InternalServerError' };

beforeAll(async () => {
  dynamoDb = createServer((request, response) => {
    request.resume();
    response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${answer.type}`, message: 'x' }));
  });
  await new Promise<void>((resolve) => dynamoDb.listen(0, '127.0.0.1', resolve));
});
afterAll(() => dynamoDb.close());
afterEach(() => useDependencies(undefined));

function useTableAt(endpoint: string, limits?: AwsCallLimits) {
  const db = createDocumentClient({ endpoint, ...(limits ? { limits } : {}) });
  useDependencies({
    config,
    clock: new ManualClock(new Date('2026-11-23T02:00:00Z')),
    table: { db, name: 'sanzhang-test', timeZone: config.district.timeZone },
    notifier: { send: () => Promise.resolve() } as never,
    workflow: {} as never,
  });
}

const fakeEndpoint = () => `http://127.0.0.1:${(dynamoDb.address() as AddressInfo).port}`;

const get = () =>
  getRequest(
    apiEvent({
      method: 'GET',
      path: '/requests/R-1',
      routeKey: 'GET /requests/{id}',
      pathParameters: { id: 'R-1' },
      claims: asAdmin(),
    }),
    lambdaContext,
  );

function expectUnavailable(response: Awaited<ReturnType<typeof get>>) {
  expect(response.statusCode).toBe(503);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(String(response.body))).toMatchObject({
    status: 503,
    title: 'Service unavailable',
    instance: '/requests/R-1',
  });
}

describe('a dependency that is down answers 503, not 500', () => {
  it('DynamoDB refusing connections', async () => {
    useTableAt('http://127.0.0.1:1');
    expectUnavailable(await get());
  });

  it('DynamoDB throttling past the retries', async () => {
    answer = { status: 400, type: 'ProvisionedThroughputExceededException' };
    useTableAt(fakeEndpoint());
    expectUnavailable(await get());
  });

  it('DynamoDB failing on its side past the retries', async () => {
    answer = { status: 500, type: 'InternalServerError' };
    useTableAt(fakeEndpoint());
    expectUnavailable(await get());
  });

  it('on a public route too', async () => {
    useTableAt('http://127.0.0.1:1');
    const response = await receiveDelivery(
      apiEvent({
        method: 'POST',
        path: '/intake/pt-x',
        routeKey: 'POST /intake/{partnerId}',
        pathParameters: { partnerId: 'pt-x' },
        body: {},
      }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(503);
  });

  it("on Open311, in the specification's error format, with Retry-After", async () => {
    useTableAt('http://127.0.0.1:1');
    const response = await open311(
      apiEvent({
        method: 'POST',
        path: '/open311/v2/requests.json',
        routeKey: 'POST /open311/v2/{file}',
        pathParameters: { file: 'requests.json' },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'api_key=pt-x.key&service_code=repair&description=x&address_string=y',
      }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(503);
    expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(String(response.body))).toEqual([{ code: 503, description: expect.any(String) }]);
  });

  it('an error DynamoDB blames on the request is still a 500 (a defect, not an outage)', async () => {
    answer = { status: 400, type: 'ValidationException' };
    useTableAt(fakeEndpoint());
    expect((await get()).statusCode).toBe(500);
  });
});

/** An endpoint that takes connections and never answers: DynamoDB hanging. Counts the requests it got. */
async function hungEndpoint() {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => requests++);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('DynamoDB that takes the connection and never answers', () => {
  // Short attempts for the test; the retries as the functions have them.
  const short: AwsCallLimits = { ...AWS_CALL_LIMITS, connectionTimeoutMs: 1000, attemptTimeoutMs: 300 };
  let hung: Awaited<ReturnType<typeof hungEndpoint>>;
  beforeEach(async () => {
    hung = await hungEndpoint();
  });
  afterEach(() => hung.close());

  it(
    'answers 503 with Retry-After instead of waiting for the Lambda timeout',
    { timeout: 30_000 },
    async () => {
      useTableAt(hung.endpoint, short);
      expectUnavailable(await get());
      expect(hung.requests()).toBeGreaterThan(0);
    },
  );

  it(
    'gives up after the last attempt, with an error the handlers answer 503',
    { timeout: 30_000 },
    async () => {
      const db = createDocumentClient({ endpoint: hung.endpoint, limits: short });
      const error: unknown = await db
        .send(new GetCommand({ TableName: 'sanzhang-test', Key: { pk: 'R#R-1', sk: 'R#R-1' } }))
        .catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ name: 'TimeoutError' });
      expect(asServiceUnavailable(error)).toBeInstanceOf(ServiceUnavailableError);
      expect(hung.requests()).toBe(short.maxAttempts);
    },
  );

  it("the functions' own limits end it too", { timeout: 60_000 }, async () => {
    const db = createDocumentClient({ endpoint: hung.endpoint, limits: AWS_CALL_LIMITS });
    const error: unknown = await db
      .send(new GetCommand({ TableName: 'sanzhang-test', Key: { pk: 'R#R-1', sk: 'R#R-1' } }))
      .catch((thrown: unknown) => thrown);
    expect(asServiceUnavailable(error)).toBeInstanceOf(ServiceUnavailableError);
    expect(hung.requests()).toBe(AWS_CALL_LIMITS.maxAttempts);
  });
});

describe('asServiceUnavailable', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });
  const named = (name: string) => Object.assign(new Error(name), { name });

  it.each([
    ['refused', withCode('ECONNREFUSED')],
    ['reset', withCode('ECONNRESET')],
    ['timed out (socket)', withCode('ETIMEDOUT')],
    ['timed out (SDK)', named('TimeoutError')],
    ['throttled', named('ThrottlingException')],
    ['request limit', named('RequestLimitExceeded')],
    ['SNS throttled', named('Throttled')],
    ['a 503 from the service', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } })],
    ['wrapped in a cause', new Error('outer', { cause: withCode('ECONNREFUSED') })],
  ])('recognises %s', (_what, error) => {
    expect(asServiceUnavailable(error)).toBeInstanceOf(ServiceUnavailableError);
  });

  it.each([
    ['a defect', new TypeError('x is undefined')],
    ['a failed condition', named('ConditionalCheckFailedException')],
    [
      'a 400 from the service',
      Object.assign(named('ValidationException'), { $metadata: { httpStatusCode: 400 } }),
    ],
    ['not an error', 'ECONNREFUSED'],
  ])('leaves %s alone', (_what, error) => {
    expect(asServiceUnavailable(error)).toBeUndefined();
  });

  it('renders with Retry-After', () => {
    const response = problemResponse(new ServiceUnavailableError('down', 7), '/x');
    expect(response.headers?.['retry-after']).toBe('7');
  });
});
