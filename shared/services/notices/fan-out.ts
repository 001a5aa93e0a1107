import { LEVELS, type Level } from '../../config/vocabulary.js';
import { noticeRecipients, type Notice } from '../../domain/notice.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { allChildren, getNodes } from '../../store/hierarchy-store.js';
import { addRecipient, getNotice } from '../../store/notice-store.js';
import { noticeMessage } from './notice-messages.js';

const CONCURRENCY = 4;

/** Levels below a node's that hold posts: a unit's children are households, whose residents have none. */
const hasPostsBelow = (level: Level) => level !== 'unit';
const isLevel = (type: string): type is Level => (LEVELS as readonly string[]).includes(type);

/** The ids of the nodes of a subtree with posts (the root and every street … unit under it), level by level. */
async function subtreeNodeIds(deps: Dependencies, notice: Notice): Promise<string[]> {
  const ids = [notice.place];
  let frontier = hasPostsBelow(notice.placeLevel) ? [notice.place] : [];
  while (frontier.length > 0) {
    const children = (await mapLimited(frontier, CONCURRENCY, (id) => allChildren(deps.table, id)))
      .flat()
      .filter((child) => isLevel(child.type));
    ids.push(...children.map((child) => child.id));
    frontier = children.filter((child) => hasPostsBelow(child.type as Level)).map((child) => child.id);
  }
  return ids;
}

/**
 * A new notice's fan-out (the table's stream): the leaders and deputies of every post under its
 * place, each person once, get a reader item and their SMS, written together and only if new. A
 * replayed record, or a second run, writes nothing for those already written.
 */
export async function fanOutNotice(deps: Dependencies, noticeId: string): Promise<{ written: number }> {
  const notice = await getNotice(deps.table, noticeId);
  if (!notice) return { written: 0 };
  const nodes = [...(await getNodes(deps.table, await subtreeNodeIds(deps, notice))).values()];
  const recipients = noticeRecipients(
    nodes.flatMap((node) => (node.type === 'household' ? [] : [node])),
    notice.senderId,
  );
  const template = notice.urgent ? 'noticeUrgent' : 'notice';
  const at = deps.clock.now().toISOString();
  const written = await mapLimited(recipients, CONCURRENCY, (recipient) =>
    addRecipient(
      deps.table,
      notice,
      { noticeId: notice.id, ...recipient },
      noticeMessage(deps.config.sms.signature, notice, template, recipient, 'leader', [notice.title]),
      at,
    ),
  );
  return { written: written.filter(Boolean).length };
}
