import { setTimeout as sleep } from 'node:timers/promises';
import { queuedSms } from '../../domain/sms.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getQueuedMessages, markMessageSent, type MessageRecord } from '../../store/request-store.js';

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
export async function deliverMessages(
  deps: Dependencies,
  requestId: string,
  messages: Pick<MessageRecord, 'key' | 'to' | 'template' | 'params' | 'text'>[],
) {
  for (const message of messages) {
    const sms = queuedSms(message);
    const providerMessageId =
      message.to.kind === 'supervisors'
        ? await deps.notifier.notifySupervisors(sms)
        : await deps.notifier.sendSms(message.to.phone, sms);
    await recordSent(deps, requestId, message.key, providerMessageId);
  }
}

export async function redeliverQueued(deps: Dependencies, requestId: string): Promise<void> {
  await deliverMessages(deps, requestId, await getQueuedMessages(deps.table, requestId));
}
