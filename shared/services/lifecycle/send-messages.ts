import { setTimeout as sleep } from 'node:timers/promises';
import { SmsRefusedError } from '../../adapters/sms-errors.js';
import { queuedSms } from '../../domain/sms.js';
import { logger } from '../../logger.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { keys } from '../../store/keys.js';
import { getQueuedMessages, markMessageSent, type MessageRecord } from '../../store/request-store.js';
import { markSmsRefused } from '../../store/sms-delivery-store.js';

type QueuedMessage = Pick<MessageRecord, 'key' | 'to' | 'template' | 'params' | 'text'>;

/** Attempts at recording an SMS as sent, beyond the SDK's own retries: each miss is an SMS sent twice. */
const RECORD_ATTEMPTS = 4;

/**
 * Records a sent SMS. The provider has no idempotent send, so a message left queued is sent again
 * by the next step: once it is out, recording it is worth more tries than the SDK's.
 */
async function recordSent(deps: Dependencies, requestId: string, key: string, providerMessageId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await markMessageSent(deps.table, requestId, key, {
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

/**
 * Sends messages already recorded with their state change. A message is queued in the same
 * transaction as the change, so a crash here loses nothing: the next step redelivers what is queued.
 */
export async function deliverMessages(deps: Dependencies, requestId: string, messages: QueuedMessage[]) {
  for (const message of messages) {
    const sms = queuedSms(message);
    const providerMessageId = await sendUnlessRefused(deps, requestId, message, () =>
      message.to.kind === 'supervisors'
        ? deps.notifier.notifySupervisors(sms)
        : deps.notifier.sendSms(message.to.phone, sms),
    );
    if (providerMessageId !== undefined) await recordSent(deps, requestId, message.key, providerMessageId);
  }
}

/**
 * Sends one message; a message the provider refuses for good (SmsRefusedError) is marked refused
 * with the provider's code instead of staying queued, so no step sends it again. Any other failure
 * leaves it queued for the retry.
 */
async function sendUnlessRefused(
  deps: Dependencies,
  requestId: string,
  message: QueuedMessage,
  send: () => Promise<string>,
): Promise<string | undefined> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof SmsRefusedError)) throw error;
    await markSmsRefused(deps.table, keys.message(requestId, message.key), {
      at: deps.clock.now().toISOString(),
      code: error.code,
    });
    logger.warn('SMS refused by the provider; not sent again', {
      requestId,
      message: message.key,
      code: error.code,
    });
    return undefined;
  }
}

export async function redeliverQueued(deps: Dependencies, requestId: string): Promise<void> {
  await deliverMessages(deps, requestId, await getQueuedMessages(deps.table, requestId));
}
