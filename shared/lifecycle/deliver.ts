import type { OutgoingMessage } from '../domain/sms.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { getQueuedMessages, markMessageSent } from '../store/request-store.js';

/**
 * Sends messages already recorded with their state change. A message is queued in the same
 * transaction as the change, so a crash here loses nothing: the next step redelivers what is queued.
 */
export async function deliverMessages(deps: Dependencies, requestId: string, messages: OutgoingMessage[]) {
  for (const message of messages) {
    const providerMessageId =
      message.to.kind === 'supervisors'
        ? await deps.notifier.notifySupervisors(message.text)
        : await deps.notifier.sendSms(message.to.phone, message.text);
    await markMessageSent(deps.table, requestId, message.key, {
      at: deps.clock.now().toISOString(),
      providerMessageId,
    });
  }
}

export async function redeliverQueued(deps: Dependencies, requestId: string): Promise<void> {
  await deliverMessages(deps, requestId, await getQueuedMessages(deps.table, requestId));
}
