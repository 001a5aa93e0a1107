import { setTimeout as sleep } from 'node:timers/promises';
import { SmsRefusedError } from '../../adapters/sms-errors.js';
import { quietUntil } from '../../domain/quiet-hours.js';
import { FINAL_MESSAGE_STATUSES, queuedSms } from '../../domain/sms.js';
import { logger } from '../../logger.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import {
  CLAIM_TIMEOUT_MS,
  claimMessage,
  getMessage,
  holdMessage,
  markMessageFailed,
  markMessageRefused,
  markMessageSent,
  type MessageKey,
  requeueMessage,
  type StoredMessage,
} from '../../store/outbox-store.js';

/** After this many attempts a message is given up (`failed`); each failure before waits `backoffMs`. */
export const MAX_ATTEMPTS = 8;

/** The wait after a retryable failure: 30 s, doubling with each attempt, at most 30 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

/** Attempts at recording an SMS as sent, beyond the SDK's own retries: each miss may send it twice. */
const RECORD_ATTEMPTS = 4;

export type SendOutcome = 'sent' | 'held' | 'skipped' | 'refused' | 'failed';

/** Why a message was not sent now: nothing to do (final, not yet due, another sender holds it). */
function nothingToDo(message: StoredMessage, now: Date): string | undefined {
  if (FINAL_MESSAGE_STATUSES.has(message.status)) return message.status;
  if (message.status === 'sending') {
    const claimed = new Date(message.claimedAt ?? 0).getTime();
    return now.getTime() - claimed < CLAIM_TIMEOUT_MS ? 'claimed by another sender' : undefined;
  }
  return new Date(message.dueAt) > now ? 'not yet due' : undefined;
}

/**
 * Records a sent SMS. Once it is out, recording it is worth more tries than the SDK's: a message
 * left `sending` is sent again by the sweep after CLAIM_TIMEOUT_MS.
 */
async function recordSent(deps: Dependencies, message: StoredMessage, providerMessageId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await markMessageSent(deps.table, message.at, {
        at: deps.clock.now().toISOString(),
        providerMessageId,
      });
      return;
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS) throw error;
      await sleep(50 * 2 ** attempt);
    }
  }
}

/** A failed send: refused for good, given up after the last attempt, or queued again after the backoff (rethrown). */
async function failed(deps: Dependencies, message: StoredMessage, error: unknown): Promise<SendOutcome> {
  const at = deps.clock.now();
  const about = { messageKey: message.key, kind: message.kind };
  if (error instanceof SmsRefusedError) {
    await markMessageRefused(deps.table, message.at, { at: at.toISOString(), code: error.code });
    recordMetric.smsFailed();
    logger.warn('SMS refused by the provider; not sent again', { ...about, code: error.code });
    return 'refused';
  }
  const attempts = message.attempts + 1;
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (attempts >= MAX_ATTEMPTS) {
    await markMessageFailed(deps.table, message.at, { at: at.toISOString(), error: why });
    recordMetric.smsFailed();
    logger.error('SMS given up after its last attempt', { ...about, attempts });
    return 'failed';
  }
  const dueAt = new Date(at.getTime() + backoffMs(attempts)).toISOString();
  await requeueMessage(deps.table, message, { dueAt, error: why });
  logger.warn('SMS not sent; queued again', { ...about, attempts, dueAt, error: why });
  throw error;
}

/**
 * Sends one stored message, at most once: read consistently; nothing if it is final, not yet due
 * or claimed by another sender; held until quiet hours end if it is not urgent; else claimed (one
 * claim wins), sent, and marked sent. A retryable failure queues it again after a backoff and is
 * rethrown (the caller's retry, or the sweep, sends it when due).
 */
export async function sendQueuedMessage(deps: Dependencies, at: MessageKey): Promise<SendOutcome> {
  const message = await getMessage(deps.table, at);
  if (!message) {
    logger.warn('no such message; nothing sent', { messageKey: at.SK });
    return 'skipped';
  }
  const now = deps.clock.now();
  const skip = nothingToDo(message, now);
  if (skip) {
    logger.info('message not sent now', { messageKey: message.key, why: skip });
    return 'skipped';
  }
  const { quietHours } = deps.config.sms;
  const until = message.urgent ? undefined : quietUntil(now, quietHours, deps.config.district.timeZone);
  if (until && message.status === 'queued') {
    const held = await holdMessage(deps.table, message, until.toISOString());
    return held ? 'held' : 'skipped';
  }
  if (!(await claimMessage(deps.table, message, now.toISOString()))) return 'skipped';
  let providerMessageId: string;
  try {
    const sms = queuedSms(message);
    providerMessageId =
      message.to.kind === 'supervisors'
        ? await deps.notifier.notifySupervisors(sms)
        : await deps.notifier.sendSms(message.to.phone, sms);
  } catch (error) {
    return failed(deps, message, error);
  }
  // Counted when the provider took it: a message whose record is lost is sent (and billed) again.
  recordMetric.smsSent();
  await recordSent(deps, message, providerMessageId);
  return 'sent';
}
