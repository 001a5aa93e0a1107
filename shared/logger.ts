import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger (Powertools, JSON lines to CloudWatch). What is logged is ids, states and errors
 * (the error objects, with their stacks), never a name, a phone number or a request's text: the request's timeline is where people
 * appear, behind authorization. `POWERTOOLS_LOG_LEVEL` sets the level (the local run keeps WARN).
 * The service is the district's (`POWERTOOLS_SERVICE_NAME`, set per district by
 * infra/sanzhang-function.ts), which the metrics' `service` dimension is too; the local run and the
 * tests, without it, are `sanzhang-local`.
 */
export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'sanzhang-local';

export const logger = new Logger({ serviceName });
