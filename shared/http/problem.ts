import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { AppError } from '../errors.js';

export type HttpResponse = Exclude<APIGatewayProxyResultV2, string>;

/** RFC 9457 problem details; anything that is not an AppError is a 500 that says nothing internal. */
export function problemResponse(error: unknown, instance: string): HttpResponse {
  const problem =
    error instanceof AppError
      ? {
          type: error.type,
          title: error.title,
          status: error.status,
          detail: error.detail,
          ...(error.errors.length > 0 ? { errors: error.errors } : {}),
          ...error.extensions,
        }
      : {
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
          detail: 'Something went wrong on our side; the request may be retried. 系统错误,请稍后重试。',
        };
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ ...problem, instance }),
  };
}

export function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
