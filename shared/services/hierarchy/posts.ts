import { POST_ROLES, type Access } from '../../domain/access.js';
import type { HierarchyNode, Post, PostChange } from '../../domain/hierarchy.js';
import { postChangeAction, postChangeReason } from '../../domain/hierarchy-rules.js';
import { LEVEL_NAMES_ZH } from '../../config/vocabulary.js';
import { ConflictError, UnprocessableError } from '../../errors.js';
import { requestsHeldAt, rerouteRequest } from '../lifecycle/reroute-requests.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { logger } from '../../logger.js';
import { getPerson, StaleNodeError, writeNodes, type NodeWrite } from '../../store/hierarchy-store.js';
import { getPostHistory, lastPostChange, postChangeItem } from '../../store/post-history-store.js';
import { assertMayManage, assertMayRead, loadNode } from './guards.js';
import { nodeView } from './views.js';

/** How many requests are re-routed at once (each is a few reads, a transaction, a callback and an SMS). */
export const REROUTE_CONCURRENCY = 8;

export interface PostResult {
  node: HierarchyNode;
  /** The change made; absent when the post already was as asked (a retry). */
  change?: PostChange;
  /** Open requests that moved with the post. */
  rerouted: number;
}

/**
 * Appoints `personId` to the node's post (assigning a vacant post or replacing its holder), or
 * vacates it (`personId` undefined). The node and a history item are written in one transaction,
 * conditioned on the node's revision as read (a concurrent change → 409). Then every open request the
 * previous holder held at this post follows it: to the new holder with a `rerouted` timeline entry
 * and an SMS, or, when vacated, up to the next held post. Asking again for what is already so
 * finishes the re-routing a crash may have left undone.
 */
export async function setPost(
  deps: Dependencies,
  access: Access,
  nodeId: string,
  personId: string | undefined,
): Promise<PostResult> {
  const { node, after } = await managedPost(deps, access, nodeId, personId);
  const before = node.post;
  const action = postChangeAction(before, after);
  if (!action) return { node: nodeView(node, access), rerouted: await finishLastChange(deps, node) };

  const { post: _old, ...rest } = node;
  const { node: updated, change } = await recordChange(
    deps,
    access,
    node,
    { ...rest, ...(after ? { post: after } : {}) },
    action,
    after,
    before,
    [],
  );
  const rerouted = before
    ? await moveHeldRequests(deps, node, before.holderId, postChangeReason(node, before, after))
    : 0;
  return { node: nodeView(updated, access), change, rerouted };
}

/** The node whose post (or deputy) the caller may change, and the person to put there, if any. */
async function managedPost(deps: Dependencies, access: Access, nodeId: string, personId: string | undefined) {
  const node = await loadNode(deps, nodeId);
  assertMayRead(access, node);
  assertMayManage(access, 'post', node.type, { ancestors: node.ancestors });
  return { node, after: personId === undefined ? undefined : await postFor(deps, personId) };
}

async function postFor(deps: Dependencies, personId: string): Promise<Post> {
  const person = await getPerson(deps.table, personId);
  if (!person) {
    throw new UnprocessableError(`Person ${personId} does not exist; add them first (POST /people).`, [
      { field: 'personId', message: 'unknown person' },
    ]);
  }
  return { holderId: person.id, holderName: person.name, holderPhone: person.phone };
}

/** The post is already as asked: move whatever the last change's previous holder still holds here. */
async function finishLastChange(deps: Dependencies, node: HierarchyNode): Promise<number> {
  const last = await lastPostChange(deps.table, node.id);
  if (!last?.previous || last.holder?.personId !== node.post?.holderId) return 0;
  const previous = { holderId: last.previous.personId, holderName: last.previous.name, holderPhone: '' };
  return moveHeldRequests(deps, node, previous.holderId, postChangeReason(node, previous, node.post));
}

/** Re-routes every open request `holderId` holds at the node's post; returns how many moved. */
export async function moveHeldRequests(
  deps: Dependencies,
  node: HierarchyNode,
  holderId: string,
  reason: string,
): Promise<number> {
  const ids = await requestsHeldAt(deps, holderId, node);
  const moved = await mapLimited(ids, REROUTE_CONCURRENCY, (id) => rerouteRequest(deps, id, reason));
  return moved.filter(Boolean).length;
}

/** Every change of the node's post, oldest first. */
export async function postHistory(deps: Dependencies, access: Access, nodeId: string) {
  const node = await loadNode(deps, nodeId);
  assertMayRead(access, node);
  return { nodeId, items: await getPostHistory(deps.table, nodeId) };
}

/**
 * Appoints (or replaces, or with `personId` undefined removes) the post's deputy, who acts while
 * the holder is away or the post is vacant, and holds the level's role for it meanwhile. Requests
 * a removed or replaced deputy was acting on move to whoever acts now (or up a level).
 */
export async function setDeputy(
  deps: Dependencies,
  access: Access,
  nodeId: string,
  personId: string | undefined,
): Promise<PostResult> {
  const { node, after } = await managedPost(deps, access, nodeId, personId);
  const before = node.deputy;
  if (before?.holderId === after?.holderId) return { node: nodeView(node, access), rerouted: 0 };
  const role = POST_ROLES[node.type];
  const { deputy: _old, ...rest } = node;
  const updated: HierarchyNode = { ...rest, ...(after ? { deputy: after } : {}) };
  const change = await recordChange(
    deps,
    access,
    node,
    updated,
    after ? 'deputy-assigned' : 'deputy-removed',
    after,
    before,
    [
      ...(before ? [{ revoke: { personId: before.holderId, role, scope: node.id } }] : []),
      ...(after ? [{ grant: { personId: after.holderId, role, scope: node.id } }] : []),
    ],
  );
  const rerouted = before
    ? await moveHeldRequests(
        deps,
        updated,
        before.holderId,
        `the deputy ${LEVEL_NAMES_ZH[node.type]} of ${node.name} changed`,
      )
    : 0;
  return { node: nodeView(change.node, access), change: change.change, rerouted };
}

/**
 * Marks the holder away (the deputy acts; without one the work goes up a level) or back (what the
 * deputy was acting on returns to them). The holder may say so themself, or whoever manages the post.
 */
export async function setAway(
  deps: Dependencies,
  access: Access,
  nodeId: string,
  away: boolean,
): Promise<PostResult> {
  const node = await loadNode(deps, nodeId);
  assertMayRead(access, node);
  if (!node.post) {
    throw new ConflictError(`The post of ${node.name} is vacant: nobody to mark away.`);
  }
  if (node.post.holderId !== access.personId) {
    assertMayManage(access, 'post', node.type, { ancestors: node.ancestors });
  }
  if (Boolean(node.post.away) === away) return { node: nodeView(node, access), rerouted: 0 };
  const { away: _was, ...holder } = node.post;
  const updated: HierarchyNode = { ...node, post: away ? { ...holder, away: true } : holder };
  const change = await recordChange(
    deps,
    access,
    node,
    updated,
    away ? 'away' : 'back',
    node.post,
    undefined,
    [],
  );
  const from = away ? node.post.holderId : node.deputy?.holderId;
  const reason = `the ${LEVEL_NAMES_ZH[node.type]} of ${node.name}, ${node.post.holderName}, is ${away ? 'away' : 'back'}`;
  const rerouted = from ? await moveHeldRequests(deps, updated, from, reason) : 0;
  return { node: nodeView(change.node, access), change: change.change, rerouted };
}

/** Writes the node at its next revision with a history record (and any grant changes), in one transaction. */
async function recordChange(
  deps: Dependencies,
  access: Access,
  node: HierarchyNode,
  updated: HierarchyNode,
  action: PostChange['action'],
  holder: Post | undefined,
  previous: Post | undefined,
  grants: NodeWrite[],
): Promise<{ node: HierarchyNode; change: PostChange }> {
  const change: PostChange = {
    nodeId: node.id,
    action,
    ...(holder ? { holder: { personId: holder.holderId, name: holder.holderName } } : {}),
    ...(previous ? { previous: { personId: previous.holderId, name: previous.holderName } } : {}),
    by: access.personId,
    at: deps.clock.now().toISOString(),
    revision: (node.revision ?? 0) + 1,
  };
  const written = { ...updated, revision: change.revision };
  try {
    await writeNodes(deps.table, [
      { replace: written, ifRevision: node.revision },
      { record: postChangeItem(change) },
      ...grants,
    ]);
  } catch (error) {
    if (error instanceof StaleNodeError) {
      throw new ConflictError(
        `The post of ${node.name} (${node.id}) changed meanwhile; reload it and try again.`,
      );
    }
    throw error;
  }
  logger.info('post changed', { nodeId: node.id, action, revision: change.revision });
  return { node: written, change };
}
