import { isExpired, unreadDeadlines, unreadStep, type Notice } from '../../domain/notice.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getPerson } from '../../store/hierarchy-store.js';
import {
  dueNoticeIds,
  getNotice,
  leaveSweep,
  markReminded,
  markReported,
  readersOf,
  remindReader,
} from '../../store/notice-store.js';
import { noticeMessage } from './notice-messages.js';

const CONCURRENCY = 4;

async function remindUnread(deps: Dependencies, notice: Notice, at: string): Promise<number> {
  const unread = (await readersOf(deps.table, notice.id)).filter(
    (reader) => !reader.readAt && !reader.remindedAt,
  );
  const sent = await mapLimited(unread, CONCURRENCY, (reader) =>
    remindReader(
      deps.table,
      reader,
      noticeMessage(deps.config.sms.signature, notice, 'noticeReminder', reader, 'leader', [notice.title]),
      at,
    ),
  );
  const { reportAt } = unreadDeadlines(notice.createdAt, deps.config.notices);
  await markReminded(deps.table, notice.id, at, reportAt);
  return sent.filter(Boolean).length;
}

/** The sender is told how many still have not read it (no SMS when everyone has, or the sender is gone). */
async function reportUnread(deps: Dependencies, notice: Notice, at: string): Promise<boolean> {
  const unread = (await readersOf(deps.table, notice.id)).filter((reader) => !reader.readAt).length;
  const sender = unread > 0 ? await getPerson(deps.table, notice.senderId) : undefined;
  const message = sender
    ? noticeMessage(
        deps.config.sms.signature,
        notice,
        'noticeReport',
        { personId: sender.id, name: sender.name, phone: sender.phone },
        notice.senderRole,
        [notice.title, String(unread)],
      )
    : undefined;
  return (await markReported(deps.table, notice.id, message, at)) && message !== undefined;
}

/**
 * Urgent notices not read in time (config `notices`): past the remind time, each unread reader
 * is reminded once; past the report time, the sender is told once how many have not read it.
 * Each step is recorded with its SMS (reader `remindedAt`, notice `reportedAt`), so an
 * overlapping or repeated run sends nothing twice. Run by the 15-minute reconciler.
 */
export async function sweepUnreadNotices(
  deps: Dependencies,
): Promise<{ reminded: number; reported: number }> {
  const now = deps.clock.now();
  const at = now.toISOString();
  let reminded = 0;
  let reported = 0;
  for (const id of await dueNoticeIds(deps.table, at)) {
    const notice = await getNotice(deps.table, id);
    if (!notice) continue;
    if (isExpired(notice, now)) {
      await leaveSweep(deps.table, id);
      continue;
    }
    const step = unreadStep(notice, deps.config.notices, now);
    if (step === 'remind') reminded += await remindUnread(deps, notice, at);
    if (step === 'report' && (await reportUnread(deps, notice, at))) reported += 1;
  }
  return { reminded, reported };
}
