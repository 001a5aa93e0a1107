import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Access } from '../domain/access.js';
import { NotFoundError } from '../errors.js';
import { loadAccess } from './caller-access.js';
import { dependencies, type Dependencies } from './dependencies.js';
import { logger } from '../logger.js';
import { observability } from './observability.js';
import { identityFrom } from '../http/caller.js';
import { assertBoundedParameters, PARAMETER_BOUNDS, type ParameterBounds } from '../http/parameters.js';
import { asServiceUnavailable, problemResponse, type HttpResponse } from '../http/problem.js';
import type { ApiHandlerName, RouteKeyOf } from '../http/routes.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
/** A route without the JWT authorizer: partners prove themselves by signature, token or API key. */
export type PublicEvent = APIGatewayProxyEventV2;

type ErrorRenderer = (error: unknown, event: PublicEvent) => HttpResponse;

const asProblem: ErrorRenderer = (error, event) => problemResponse(error, event.rawPath);

/** The one error middleware: every failure becomes problem+json (or Open311's errors); unexpected ones are logged, never echoed. */
const rendersErrors = <Event extends PublicEvent>(
  render: ErrorRenderer,
): middy.MiddlewareObj<Event, HttpResponse> => ({
  onError: (request) => {
    const error = request.error;
    const unavailable = asServiceUnavailable(error);
    const rendered = render(unavailable ?? error, request.event);
    // Every renderer's 503 (problem+json or Open311's) says when to retry.
    const response = unavailable
      ? {
          ...rendered,
          headers: { ...rendered.headers, 'retry-after': String(unavailable.retryAfterSeconds) },
        }
      : rendered;
    if (unavailable) {
      logger.warn('dependency unavailable', { route: request.event.routeKey, error });
    } else if (response.statusCode === 500) {
      logger.error('unhandled error', { route: request.event.routeKey, error });
    } else {
      logger.info('refused', { route: request.event.routeKey, status: response.statusCode });
    }
    request.response = response;
  },
});

/** An API handler: the caller's access (who the JWT says, what the records allow), the dependencies, an answer. */
export function apiHandler(
  answer: (event: ApiEvent, access: Access, deps: Dependencies) => Promise<HttpResponse>,
) {
  return middy<ApiEvent, HttpResponse>()
    .use(observability())
    .use(rendersErrors<ApiEvent>(asProblem))
    .handler(async (event) => {
      assertBoundedParameters(event);
      const identity = identityFrom(event);
      const deps = dependencies();
      return answer(event, await loadAccess(deps, identity), deps);
    });
}

/**
 * A public route's handler: no caller identity, the dependencies, an answer; errors rendered by
 * `render`; its parameters held to `bounds` first, as every API handler's are.
 */
export function publicHandler(
  answer: (event: PublicEvent, deps: Dependencies) => Promise<HttpResponse>,
  render: ErrorRenderer = asProblem,
  bounds: ParameterBounds = PARAMETER_BOUNDS,
) {
  return middy<PublicEvent, HttpResponse>()
    .use(observability())
    .use(rendersErrors<PublicEvent>(render))
    .handler((event) => {
      assertBoundedParameters(event, bounds);
      return answer(event, dependencies());
    });
}

/** A public event's body as text: API Gateway base64-encodes some content types. */
export const bodyText = (event: PublicEvent) =>
  event.isBase64Encoded && event.body
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : (event.body ?? '');

export type RouteAnswer = (event: ApiEvent, access: Access, deps: Dependencies) => Promise<HttpResponse>;

/**
 * The handler of a resource's routes (one Lambda for `/nodes`, `/nodes/{id}`, …): answers each route
 * through the map, by `event.routeKey`; the map must cover exactly the routes wired to the handler.
 */
export function apiRoutes<Handler extends ApiHandlerName>(routes: Record<RouteKeyOf<Handler>, RouteAnswer>) {
  const answers: Partial<Record<string, RouteAnswer>> = routes;
  return apiHandler((event, access, deps) => {
    const answer = answers[event.routeKey];
    if (!answer) throw new NotFoundError(`No route ${event.routeKey}.`);
    return answer(event, access, deps);
  });
}

/** A path parameter the route guarantees (`{id}`); an empty one is simply an unknown id. */
export const pathParameter = (event: ApiEvent, name: string) => event.pathParameters?.[name] ?? '';
