import type { Api } from '../api/client';

/**
 * The catalogues a leader may redeem from: the district's, and the community's where they hold a
 * post (the first post's community, as their points are settled). Found through the person's posts
 * and that post's place; a leader whose community cannot be read sees the district's only.
 */
export async function cataloguesOf(api: Api, personId: string): Promise<string[]> {
  const person = await api.GET('/people/{id}', { params: { path: { id: personId } } }).catch(() => undefined);
  const post = person?.data?.posts[0];
  if (!post) return ['district'];
  if (post.type === 'community') return ['district', post.nodeId];
  const node = await api.GET('/nodes/{id}', { params: { path: { id: post.nodeId } } }).catch(() => undefined);
  const community = node?.data && 'ancestors' in node.data ? node.data.ancestors.community : undefined;
  return community ? ['district', community] : ['district'];
}
