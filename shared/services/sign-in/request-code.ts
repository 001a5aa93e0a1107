import { setTimeout as sleep } from 'node:timers/promises';
import {
  chooseIdentity,
  issueCode,
  newCode,
  RATE_LIMITS,
  rateWindow,
  type RateLimit,
  SIGN_IN,
  signInCodeSms,
} from '../../domain/sign-in.js';
import { TooManyRequestsError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { countInWindows, putCode, signInIdentities } from '../../store/sign-in-store.js';
import { auditSignIn, type SignInSource } from './audit.js';

/**
 * The answer to every code request that is not refused by a rate limit: the same status and body
 * whether or not the phone is known, so the route cannot tell anyone who is on the roster.
 */
export const CODE_REQUESTED = {
  message: 'If this phone number is registered with the district, a sign-in code has been sent to it.',
  expiresInSeconds: SIGN_IN.codeSeconds,
} as const;

/**
 * The least time a code request takes to answer. An SMS to a known phone takes a provider's round
 * trip an unknown phone does not; both answers wait until this much time has passed, so the time
 * does not tell them apart either (unless the provider is slower than this).
 */
export const ANSWER_FLOOR_MS = 1500;

/**
 * Counts the request against the limits per source address and per phone, all or nothing; refuses
 * it (429, with when to try again) when a window is full.
 */
async function holdToLimits(deps: Dependencies, input: { phone: string; sourceIp: string }) {
  const now = deps.clock.now();
  const windows = (subject: string, limits: RateLimit[]) =>
    limits.map((limit) => ({ subject, window: rateWindow(limit, now), max: limit.max }));
  const full = await countInWindows(deps.table, [
    ...windows(`ip:${input.sourceIp}`, RATE_LIMITS.source),
    ...windows(`phone:${input.phone}`, RATE_LIMITS.phone),
  ]);
  if (full.length === 0) return;
  const retryAfter = Math.max(
    ...full.map(({ window }) => Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000)),
  );
  const what = full.some(({ subject }) => subject.startsWith('ip:')) ? 'from this address' : 'for this phone';
  throw new TooManyRequestsError(`Too many sign-in codes ${what}; try again in ${retryAfter} s.`, retryAfter);
}

/**
 * POST /auth/codes: a new code for a phone, sent by SMS only when the district knows the phone.
 * Every phone gets a code record (known or not: the same writes either way); a request over a
 * limit per source address or per phone is refused and counted nowhere.
 */
export async function requestCode(
  deps: Dependencies,
  input: { phone: string } & SignInSource,
  answerFloorMs = ANSWER_FLOOR_MS,
): Promise<typeof CODE_REQUESTED> {
  const floor = sleep(answerFloorMs);
  try {
    await holdToLimits(deps, input);
  } catch (error) {
    auditSignIn('code-requested', 'rate-limited', input);
    throw error;
  }
  const [identities, code] = [await signInIdentities(deps.table, input.phone), newCode()];
  await putCode(deps.table, input.phone, issueCode(input.phone, deps.clock.now(), code));
  if (identities.length > 0) {
    await deps.notifier.sendSms(input.phone, signInCodeSms(deps.config.sms.signature, code));
    recordMetric.smsSent();
  }
  auditSignIn(
    'code-requested',
    identities.length > 0 ? 'sent' : 'unknown-phone',
    input,
    chooseIdentity(identities)?.personId,
  );
  await floor;
  return CODE_REQUESTED;
}
