import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { handler as actOnRequest } from '../functions/api/act-on-request.js';
import { handler as district } from '../functions/api/district.js';
import { handler as getRequest } from '../functions/api/get-request.js';
import { handler as households } from '../functions/api/households.js';
import { handler as listRequests } from '../functions/api/list-requests.js';
import { handler as me } from '../functions/api/me.js';
import { handler as nodes } from '../functions/api/nodes.js';
import { handler as notices } from '../functions/api/notices.js';
import { handler as partners } from '../functions/api/partners.js';
import { handler as open311 } from '../functions/intake/open311.js';
import { handler as receiveDelivery } from '../functions/intake/receive-delivery.js';
import { handler as people } from '../functions/api/people.js';
import { handler as points } from '../functions/api/points.js';
import { handler as providers } from '../functions/api/providers.js';
import { handler as regrid } from '../functions/api/regrid.js';
import { handler as rewards } from '../functions/api/rewards.js';
import { handler as settlements } from '../functions/api/settlements.js';
import { handler as signIn } from '../functions/api/sign-in.js';
import { handler as smsStatus } from '../functions/api/sms-status.js';
import { handler as shortLink } from '../functions/api/short-link.js';
import { handler as stats } from '../functions/api/stats.js';
import { handler as messages } from '../functions/api/messages.js';
import { handler as submitRequest } from '../functions/api/submit-request.js';
import { handler as uploads } from '../functions/api/uploads.js';
import { ValidationError } from '../shared/errors.js';
import { problemResponse, type HttpResponse } from '../shared/http/problem.js';
import { API_ROUTES, type ApiHandlerName } from '../shared/http/routes.js';
import type { Clock } from '../shared/domain/clock.js';
import type { Claims, LocalAuth } from './local-auth.js';
import type { UsageMeter } from './usage-meter.js';

type ApiLambda = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<HttpResponse>;

/** The same handler modules Lambda runs, by name. */
export const API_HANDLERS: Record<ApiHandlerName, ApiLambda> = {
  'submit-request': submitRequest,
  'list-requests': listRequests,
  'get-request': getRequest,
  'act-on-request': actOnRequest,
  uploads,
  nodes,
  households,
  people,
  providers,
  regrid,
  points,
  rewards,
  settlements,
  partners,
  district,
  stats,
  me,
  messages,
  notices,
  'receive-delivery': receiveDelivery as ApiLambda,
  open311: open311 as ApiLambda,
  'sign-in': signIn as ApiLambda,
  'sms-status': smsStatus as ApiLambda,
  'short-link': shortLink as ApiLambda,
};

/** API Gateway HTTP API's payload quota (10 MB, not adjustable): a larger body never reaches a handler. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** The gateway's own answers: not problem+json, the `{message}` shape API Gateway sends before any integration runs. */
const gatewayError = (statusCode: number, message: string): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

/** A host name (container names may have `_`), IPv4 or [IPv6] literal, with an optional port: what a Host header may carry. */
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?$`);

/** The request's URL, its Host header and path checked first (a malformed host would change the path). */
function requestUrl(request: IncomingMessage): URL {
  const host = request.headers.host ?? 'localhost';
  if (!HOST.test(host) || Number(host.split(':').pop()) > 65_535) {
    throw new ValidationError('The Host header is not a valid host[:port].', [
      { field: 'host', message: 'malformed' },
    ]);
  }
  const target = request.url ?? '/';
  if (!target.startsWith('/')) {
    throw new ValidationError('The request target must be a path.', [
      { field: 'path', message: 'malformed' },
    ]);
  }
  const url = new URL(`http://${host}${target}`);
  try {
    // The gateway decodes the whole path before it matches a route.
    decodeURIComponent(url.pathname);
  } catch {
    throw new ValidationError('The path is not valid percent-encoded UTF-8.', [
      { field: 'path', message: 'invalid percent-encoding' },
    ]);
  }
  return url;
}

/** The route a method and path take, with its path parameters, as the gateway matches them. */
export function matchRoute(method: string, path: string) {
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = new RegExp(
      `^${route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    const match = pattern.exec(path);
    if (match) {
      const pathParameters = Object.fromEntries(
        names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
      );
      return { route, pathParameters };
    }
  }
  return undefined;
}

/**
 * The whole body, or undefined when it is over the quota. A body over it is still read to its end
 * (and dropped), so the connection stays in step and its next request is answered.
 */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_PAYLOAD_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** Builds the API Gateway HTTP API (payload 2.0) event the deployed API would send. */
export function httpApiEvent(input: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  routeKey: string;
  pathParameters: Record<string, string>;
  /** Absent on a public route (no authorizer). */
  claims: Claims | undefined;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const now = new Date();
  const query = Object.fromEntries(input.url.searchParams.entries());
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.url.pathname,
    rawQueryString: input.url.search.replace(/^\?/, ''),
    // As API Gateway does (with https): the scheme the client used, whatever the client claimed.
    headers: { ...input.headers, 'x-forwarded-proto': input.url.protocol.replace(/:$/, '') },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(input.pathParameters).length > 0 ? { pathParameters: input.pathParameters } : {}),
    ...(input.body ? { body: input.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: input.url.host,
      domainPrefix: 'local',
      http: {
        method: input.method,
        path: input.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: input.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(input.claims
        ? {
            authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: input.claims, scopes: [] } },
          }
        : {}),
    } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
  };
}

function send(response: ServerResponse, result: HttpResponse, clock: Clock | undefined): void {
  const body = result.body ?? '';
  response.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string> | undefined),
    'content-length': String(Buffer.byteLength(body)),
    // The pages count SLAs down from the server's clock: locally, the virtual one.
    ...(clock ? { date: clock.now().toUTCString() } : {}),
  });
  response.end(body);
}

/** Extra local-only routes (demo tokens), answered before the API's. */
export type LocalRoute = (method: string, url: URL) => Promise<HttpResponse | undefined>;

/**
 * A local service that reads the request and answers it itself, body and all (the photo storage's
 * uploads and links); resolves false when the request is not its own, and never rejects.
 */
export type RawRoute = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

async function answer(
  request: IncomingMessage,
  options: { auth: LocalAuth; localRoutes?: LocalRoute | undefined; meter?: UsageMeter | undefined },
): Promise<HttpResponse> {
  const method = request.method ?? 'GET';
  const body = await readBody(request);
  if (body === undefined) return gatewayError(413, 'Request Entity Too Large');
  const url = requestUrl(request);
  const local = await options.localRoutes?.(method, url);
  if (local) return local;
  const matched = matchRoute(method, url.pathname);
  if (!matched) return gatewayError(404, 'Not Found');
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const isPublic = 'public' in matched.route && matched.route.public;
  const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
  const claims = !isPublic && token ? await options.auth.verify(token) : undefined;
  if (!isPublic && !claims) return gatewayError(401, 'Unauthorized');
  const event = httpApiEvent({
    method,
    url,
    headers,
    body,
    routeKey: `${matched.route.method} ${matched.route.path}`,
    pathParameters: matched.pathParameters,
    claims,
  });
  const invoke = () => API_HANDLERS[matched.route.handler](event, {} as Context);
  return options.meter?.request(event.routeKey, invoke) ?? invoke();
}

/**
 * An HTTP server on localhost that plays API Gateway: JWT check, route match, the same Lambda
 * handlers; with `rawRoutes`, local stand-ins for what AWS serves beside it (the pages' static
 * site, the photo bucket).
 */
export function startLocalApi(options: {
  port: number;
  auth: LocalAuth;
  localRoutes?: LocalRoute;
  /** Local services answered before the API, in order: the static site, the photo storage. */
  rawRoutes?: RawRoute[];
  /** The clock the API's `Date` header follows (the local run's virtual time). */
  clock?: Clock;
  /** Counts each request the gateway passes to a function, by route. */
  meter?: UsageMeter;
}): Promise<Server> {
  const server = createServer((request, response) => {
    void (async () => {
      for (const route of options.rawRoutes ?? [])
        if (await route(request, response).catch(() => false)) return;
      const result = await answer(request, options).catch((error: unknown) =>
        problemResponse(error, request.url ?? '/'),
      );
      send(response, result, options.clock);
    })();
  });
  // A request line and headers over Node's limit (16 KB; the HTTP API's is 10 KB) never reach a
  // handler: answered in the gateway's shape, then the connection is closed as its bytes are unread.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, message] =
      error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return new Promise((resolve) => server.listen(options.port, '127.0.0.1', () => resolve(server)));
}
