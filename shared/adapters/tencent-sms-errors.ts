import { SmsProviderUnavailableError, SmsRefusedError } from './sms-errors.js';

/**
 * Tencent Cloud SMS error codes, as retryable or not. Sources: the SMS API 3.0 error codes
 * (https://cloud.tencent.com/document/api/382/52075) and the API 3.0 common ones
 * (https://cloud.tencent.com/document/api/382/38780). Retryable: the provider's own failures and
 * timeouts (InternalError.Timeout, "you can retry"), request-rate limits, sending quotas that reset
 * (LimitExceeded.* per phone per 30 s/hour/day, the app's daily limit, frequency limits) and an
 * expired signature (a clock skew the next request does not have). Everything else, an unapproved
 * template or signature, a malformed, blocked or unsubscribed number, sensitive words, an empty
 * balance, bad credentials or parameters, is refused: sending again cannot succeed.
 */
const RETRYABLE_PREFIXES = ['InternalError', 'RequestLimitExceeded', 'LimitExceeded.'];
const RETRYABLE_CODES = new Set(['AuthFailure.SignatureExpire', 'ResourceUnavailable']);
/** LimitExceeded codes no later attempt satisfies: the request itself is too large. */
const NEVER_RETRYABLE = new Set(['LimitExceeded.PhoneNumberCountLimit']);

export function isRetryableTencentCode(code: string): boolean {
  if (NEVER_RETRYABLE.has(code)) return false;
  return RETRYABLE_CODES.has(code) || RETRYABLE_PREFIXES.some((prefix) => code.startsWith(prefix));
}

/**
 * The error to throw for a code the API or a phone's SendStatus returned. The provider's message is
 * left out: it can quote the phone number.
 */
export function tencentSmsError(code: string): SmsProviderUnavailableError | SmsRefusedError {
  return isRetryableTencentCode(code)
    ? new SmsProviderUnavailableError(code)
    : new SmsRefusedError(
        code,
        'Tencent Cloud SMS will refuse it again; see the code in its error code list',
      );
}
