import type { NodeHttpHandlerOptions } from '@smithy/types';

/** How long a call to an AWS service may take, and how often it is tried, before it fails. */
export interface AwsCallLimits {
  /** To establish the connection. */
  connectionTimeoutMs: number;
  /** Of one attempt: until the response's headers, and then of silence while its body is read. */
  attemptTimeoutMs: number;
  /** The first attempt and the SDK's retries. */
  maxAttempts: number;
}

/**
 * The limits of every AWS client the functions build, so a service that hangs fails into the
 * handlers' 503 with Retry-After (shared/http/problem.ts) instead of running into the Lambda's
 * timeout (10 s, the shortest of them, infra/sanzhang-function.ts) and the gateway's bare 5xx.
 * One call at worst: 3 attempts of 2 s each and the SDK's backoff between them (under 0.2 s after
 * a timeout; up to 3 s after throttling, but a throttled attempt answers at once), about 6.2 s,
 * which leaves the calls before it and the answer the rest of the 10 s.
 */
export const AWS_CALL_LIMITS: AwsCallLimits = {
  connectionTimeoutMs: 1000,
  attemptTimeoutMs: 2000,
  maxAttempts: 3,
};

/**
 * DynamoDB Local's (the local run, the tests, the bin scripts): a JVM on a shared 2-core machine
 * can take seconds for a call the service answers in milliseconds, so it is called hung later.
 */
export const LOCAL_CALL_LIMITS: AwsCallLimits = {
  connectionTimeoutMs: 5000,
  attemptTimeoutMs: 30_000,
  maxAttempts: 3,
};

/** An AWS SDK client's settings that hold it to `limits`. */
export function awsClientSettings(limits: AwsCallLimits = AWS_CALL_LIMITS) {
  const requestHandler: NodeHttpHandlerOptions = {
    connectionTimeout: limits.connectionTimeoutMs,
    // Without throwOnRequestTimeout the handler only logs a warning when the request timeout passes.
    requestTimeout: limits.attemptTimeoutMs,
    throwOnRequestTimeout: true,
    // The request timeout ends with the response's headers; a body that stalls is caught by this one.
    socketTimeout: limits.attemptTimeoutMs,
  };
  return { maxAttempts: limits.maxAttempts, requestHandler };
}
