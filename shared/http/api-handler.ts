import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { dependencies, type Dependencies } from '../runtime/dependencies.js';
import { callerFrom, type Caller } from './caller.js';
import { problemResponse, type HttpResponse } from './problem.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The one error middleware: every failure becomes problem+json; unexpected ones are logged, never echoed. */
const problemJson: middy.MiddlewareObj<ApiEvent, HttpResponse> = {
  onError: (request) => {
    const response = problemResponse(request.error, request.event.rawPath);
    if (response.statusCode === 500) {
      console.error(JSON.stringify({ level: 'ERROR', message: 'unhandled', error: String(request.error) }));
    }
    request.response = response;
  },
};

/** An API handler: the caller from the verified JWT, the dependencies, and a function that answers. */
export function apiHandler(
  answer: (event: ApiEvent, caller: Caller, deps: Dependencies) => Promise<HttpResponse>,
) {
  return middy<ApiEvent, HttpResponse>()
    .use(problemJson)
    .handler((event) => answer(event, callerFrom(event), dependencies()));
}
