import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../logger.js';

/**
 * The one tracer (Powertools, X-Ray). It traces only in Lambda with active tracing: outside Lambda
 * (the local run, the tests) it is off by itself, and the China regions, where Lambda has no X-Ray,
 * turn it off with POWERTOOLS_TRACE_ENABLED (infra/sanzhang-function.ts).
 */
export const tracer = new Tracer();

/** An AWS SDK client whose every call is a subsegment of the invocation's trace (the client itself where nothing traces). */
export const traced = <Client>(client: Client): Client => tracer.captureAWSv3Client(client);

/**
 * The Powertools middlewares every handler kind wears, outermost, once: its trace segment, and in
 * Lambda the invocation's context on every log line. Outside Lambda there is no context to inject,
 * and the middleware would reset the log level to its initial one at every invocation, undoing the
 * level the local run and the tests set. (Metrics are written when they become true:
 * shared/runtime/metrics.ts; there is no buffer to flush at the end.)
 */
export const observability = () => [
  captureLambdaHandler(tracer),
  ...(process.env.AWS_LAMBDA_FUNCTION_NAME === undefined ? [] : [injectLambdaContext(logger)]),
];

/**
 * A handler that is a plain function of its event (a workflow step, a schedule, a stream or queue
 * consumer), wearing the Powertools middlewares. The local run and the tests call it without a
 * Lambda context.
 */
export function observed<Event, Result>(handle: (event: Event) => Promise<Result>) {
  const handler = middy<Event, Result>()
    .use(observability())
    .handler((event) => handle(event));
  return (event: Event, context?: Context): Promise<Result> => handler(event, context ?? ({} as Context));
}
