import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger (Powertools, JSON lines to CloudWatch). What is logged is ids, states and error
 * names, never a name, a phone number or a request's text: the request's timeline is where people
 * appear, behind authorization. `POWERTOOLS_LOG_LEVEL` sets the level (the local run keeps WARN).
 */
export const logger = new Logger({ serviceName: 'sanzhang' });
