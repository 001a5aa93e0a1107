import { ServiceUnavailableError } from '../errors.js';

/**
 * The SMS provider cannot take the message now (down, slow, throttled, a quota that resets): the
 * message stays queued and the caller's retry, or the next step, sends it. A 503 on the API.
 */
export class SmsProviderUnavailableError extends ServiceUnavailableError {
  constructor(
    readonly code: string,
    retryAfterSeconds = 30,
  ) {
    super(
      `The SMS provider cannot send now (${code}); the message stays queued. 短信暂时无法发送,稍后重试。`,
      retryAfterSeconds,
    );
  }
}

/**
 * The SMS provider refused the message and sending it again changes nothing (an unapproved
 * template, a malformed or blocked number, missing credentials): named by the provider's code.
 */
export class SmsRefusedError extends Error {
  constructor(
    readonly code: string,
    why: string,
  ) {
    super(`The SMS provider refused the message: ${code} (${why})`);
    this.name = 'SmsRefusedError';
  }
}
