import type { Access } from '../../domain/access.js';
import type { HierarchyNode, Person, Post } from '../../domain/hierarchy.js';
import { keepsRoster, mayReadPerson, mayUpdatePerson } from '../../domain/hierarchy-rules.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { mapLimited } from '../../runtime/concurrency.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { logger } from '../../logger.js';
import {
  getAnyNode,
  getPerson,
  postsHeldBy,
  putPerson,
  StaleNodeError,
  writeNodes,
  type HeldNode,
} from '../../store/hierarchy-store.js';
import { allRequests, updateAssigneeContact } from '../../store/request-store.js';
import { assertFreeId } from './manage-nodes.js';
import { personView } from './views.js';

const ATTEMPTS = 3;

/** Adds a person to the district's roster, so that they can be appointed to a post. */
export async function createPerson(deps: Dependencies, access: Access, person: Omit<Person, 'grants'>) {
  if (!keepsRoster(access)) {
    throw new ForbiddenError('Only district admins and street or community staff add people.');
  }
  assertFreeId(person.id);
  if (!(await putPerson(deps.table, person, 'create'))) {
    throw new ConflictError(`Person ${person.id} already exists.`, [
      { field: 'id', message: 'already exists' },
    ]);
  }
  // The caller just gave the phone number: it is answered back as given.
  return { ...person, posts: [] };
}

async function loadPerson(deps: Dependencies, id: string): Promise<{ person: Person; posts: HeldNode[] }> {
  const person = await getPerson(deps.table, id);
  if (!person) throw new NotFoundError(`Person ${id} does not exist.`);
  return { person, posts: await postsHeldBy(deps.table, id) };
}

/**
 * A person with the posts they hold; their phone masked unless the caller serves where they hold one.
 * Out of the caller's scope the person does not exist (404), as for a request or a household.
 */
export async function readPerson(deps: Dependencies, access: Access, id: string) {
  const { person, posts } = await loadPerson(deps, id);
  if (!mayReadPerson(access, id, posts)) throw new NotFoundError(`Person ${id} does not exist.`);
  return personView(person, posts, access);
}

/**
 * Changes a person's name, phone or e-mail address (`email: null` removes it), then every copy of
 * the name and phone: the post on each node they hold (the chain of leaders reads posts from the nodes) and the assignee of each open request they hold (the
 * next SMS about it goes to the new number). Re-running it finishes what a crash left undone.
 */
export async function updatePerson(
  deps: Dependencies,
  access: Access,
  id: string,
  patch: { name?: string; phone?: string; email?: string | null },
) {
  const { person, posts } = await loadPerson(deps, id);
  if (!mayReadPerson(access, id, posts)) throw new NotFoundError(`Person ${id} does not exist.`);
  if (!mayUpdatePerson(access, posts)) {
    throw new ForbiddenError(
      `Only staff who manage every post ${id} holds (${posts.map((post) => post.id).join(', ') || 'none'}) may change them.`,
    );
  }
  const { email, ...rest } = patch;
  const { email: previous, ...kept } = person;
  const address = email === null ? undefined : (email ?? previous);
  const updated: Person = { ...kept, ...rest, ...(address ? { email: address } : {}) };
  if (!(await putPerson(deps.table, updated, 'replace')))
    throw new NotFoundError(`Person ${id} does not exist.`);
  const post: Post = { holderId: id, holderName: updated.name, holderPhone: updated.phone };
  const nodes = (await mapLimited(posts, 8, (held) => updatePost(deps, held.id, post))).filter(
    Boolean,
  ).length;
  const requests = await updateHeldRequests(deps, post);
  logger.info('person updated', { personId: id, posts: nodes, requests });
  return { ...personView(updated, posts, access), updated: { posts: nodes, requests } };
}

/** The post's copy of its holder's name and phone; false when it already matched or is no longer theirs. */
async function updatePost(deps: Dependencies, nodeId: string, post: Post): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const node = await getAnyNode(deps.table, nodeId);
    if (!node || node.type === 'household' || node.post?.holderId !== post.holderId) return false;
    if (node.post.holderName === post.holderName && node.post.holderPhone === post.holderPhone) return false;
    const updated: HierarchyNode = { ...node, post, revision: (node.revision ?? 0) + 1 };
    try {
      await writeNodes(deps.table, [{ replace: updated, ifRevision: node.revision }]);
      return true;
    } catch (error) {
      if (!(error instanceof StaleNodeError)) throw error;
    }
  }
  throw new ConflictError(`${nodeId} kept changing while its post was being updated; try again.`);
}

async function updateHeldRequests(deps: Dependencies, post: Post): Promise<number> {
  const held = await allRequests(deps.table, { by: 'assignee', personId: post.holderId });
  const ids = held
    .filter(
      (item) =>
        item.assignee?.holderName !== post.holderName || item.assignee.holderPhone !== post.holderPhone,
    )
    .map((item) => item.id);
  const updated = await mapLimited(ids, 8, (requestId) => updateAssigneeContact(deps.table, requestId, post));
  return updated.filter(Boolean).length;
}
