import { logger } from '../../logger.js';

/** Where a sign-in call came from: the gateway's source address and request id (never the phone). */
export interface SignInSource {
  sourceIp: string;
  requestId: string;
}

export type SignInEvent =
  | 'code-requested'
  | 'code-verified'
  | 'code-refused'
  | 'tokens-refreshed'
  | 'refresh-refused'
  | 'refresh-reuse-detected'
  | 'signed-out';

/**
 * One audit record per sign-in attempt, as a structured log line: what happened, how it ended, who
 * when known, from where. Never the code, the phone or a token: the records are for spotting abuse
 * (one source, many attempts) and answering "who signed in", not for replaying anything.
 */
export function auditSignIn(
  event: SignInEvent,
  outcome: string,
  source: SignInSource,
  personId?: string,
): void {
  logger.info('sign-in', {
    audit: 'sign-in',
    event,
    outcome,
    ...(personId ? { personId } : {}),
    sourceIp: source.sourceIp,
    requestId: source.requestId,
  });
}
