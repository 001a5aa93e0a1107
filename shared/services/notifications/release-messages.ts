import { digestGroups, digestMessage } from '../../domain/digest.js';
import { zonedParts } from '../../domain/time-zone.js';
import { logger } from '../../logger.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { keys } from '../../store/keys.js';
import {
  mergeIntoDigest,
  messageKey,
  pendingMessages,
  type MessageKey,
  type StoredMessage,
} from '../../store/outbox-store.js';
import { sendQueuedMessage, type SendOutcome } from './send-message.js';

const CONCURRENCY = 8;

export type ReleaseCounts = Record<SendOutcome | 'merged' | 'digests' | 'errors', number>;

/**
 * With `sms.digest` on: each person's two or more held messages (about requests and notices)
 * become one digest message, written with them marked `merged`. Returns the digests written and
 * the messages they took (a group another sweep merged first is taken too: it has nothing left to send).
 */
async function mergeDigests(deps: Dependencies, due: readonly StoredMessage[], now: Date) {
  const day = zonedParts(now, deps.config.district.timeZone).isoDate;
  const groups = digestGroups(due.filter((message) => message.status === 'held'));
  const digests: MessageKey[] = [];
  const taken = new Set<StoredMessage>();
  for (const [personId, held] of groups) {
    const message = digestMessage(deps.config.sms.signature, day, held);
    const owner = keys.digestMessage(day, personId).PK;
    if (await mergeIntoDigest(deps.table, { owner, message, queuedAt: now.toISOString() }, held)) {
      digests.push(messageKey(owner, message.key));
    }
    held.forEach((constituent) => taken.add(constituent));
  }
  return { digests, taken };
}

/**
 * The release sweep (at the end of quiet hours, and every few minutes): sends every pending message
 * that is due (held ones whose window ended, fresh ones the stream left behind, retries whose
 * backoff passed, claims of senders that died), each with sendQueuedMessage, so a message another
 * sender has sent meanwhile is skipped. One that fails is counted and left for the next sweep.
 */
export async function releaseDueMessages(deps: Dependencies): Promise<ReleaseCounts> {
  const now = deps.clock.now();
  const due = await pendingMessages(deps.table, now.toISOString());
  const counts: ReleaseCounts = {
    sent: 0,
    held: 0,
    skipped: 0,
    refused: 0,
    failed: 0,
    merged: 0,
    digests: 0,
    errors: 0,
  };
  const { digests, taken } = deps.config.sms.digest
    ? await mergeDigests(deps, due, now)
    : { digests: [], taken: new Set<StoredMessage>() };
  counts.digests = digests.length;
  counts.merged = taken.size;
  const toSend = [...digests, ...due.filter((message) => !taken.has(message)).map((message) => message.at)];
  await mapLimited(toSend, CONCURRENCY, async (at) => {
    try {
      counts[await sendQueuedMessage(deps, at)]++;
    } catch {
      // Queued again with its backoff (sendQueuedMessage logged it): the next sweep sends it when due.
      counts.errors++;
    }
  });
  if (due.length > 0) logger.info('released due messages', { due: due.length, ...counts });
  return counts;
}
