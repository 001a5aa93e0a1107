import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { AppError, ServiceUnavailableError, TooManyRequestsError } from '../errors.js';

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
    headers: {
      'content-type': 'application/problem+json',
      ...(error instanceof ServiceUnavailableError || error instanceof TooManyRequestsError
        ? { 'retry-after': String(error.retryAfterSeconds) }
        : {}),
    },
    body: JSON.stringify({ ...problem, instance }),
  };
}

export function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Socket errors of a dependency that is down or unreachable (not of a request that is wrong). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** The AWS SDK's names for timeouts and for throttling that outlasted its retries. */
const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
  'Throttled',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
}

function isOutage(error: SdkLikeError): boolean {
  const status = error.$metadata?.httpStatusCode ?? 0;
  return (
    CONNECTION_CODES.has(String(error.code)) ||
    UNAVAILABLE_NAMES.has(String(error.name)) ||
    status === 429 ||
    status >= 500 ||
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ThrottlingError')
  );
}

/**
 * The 503 for an error that says a dependency is down (refused, timed out, throttled or failing
 * past the SDK's retries), looking through `cause`; undefined for anything else, which stays a 500.
 */
export function asServiceUnavailable(error: unknown): ServiceUnavailableError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof ServiceUnavailableError) return current;
    if (isOutage(current as SdkLikeError)) {
      return new ServiceUnavailableError(
        'A service this request needs is unavailable right now; retry after the time in Retry-After. 服务暂时不可用,请稍后重试。',
      );
    }
    current = (current as SdkLikeError).cause;
  }
  return undefined;
}
