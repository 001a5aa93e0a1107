import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Access } from '../domain/access.js';
import { loadAccess } from '../lifecycle/access.js';
import { dependencies, type Dependencies } from '../runtime/dependencies.js';
import { logger } from '../runtime/logger.js';
import { identityFrom } from './caller.js';
import { problemResponse, type HttpResponse } from './problem.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The one error middleware: every failure becomes problem+json; unexpected ones are logged, never echoed. */
const problemJson: middy.MiddlewareObj<ApiEvent, HttpResponse> = {
  onError: (request) => {
    const response = problemResponse(request.error, request.event.rawPath);
    if (response.statusCode === 500) {
      const error = request.error;
      logger.error('unhandled error', {
        route: request.event.routeKey,
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
    } else {
      logger.info('refused', { route: request.event.routeKey, status: response.statusCode });
    }
    request.response = response;
  },
};

/** An API handler: the caller's access (who the JWT says, what the records allow), the dependencies, an answer. */
export function apiHandler(
  answer: (event: ApiEvent, access: Access, deps: Dependencies) => Promise<HttpResponse>,
) {
  return middy<ApiEvent, HttpResponse>()
    .use(problemJson)
    .handler(async (event) => {
      const identity = identityFrom(event);
      const deps = dependencies();
      return answer(event, await loadAccess(deps, identity), deps);
    });
}
