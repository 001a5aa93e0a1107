import { ref, watchEffect } from 'vue';
import type { Api } from '../api/client';
import { DISTRICT_SCOPE, staffScopes, type Grant } from './access';

/** A node as a parent's listing shows it. */
export interface AreaNode {
  id: string;
  type: string;
  name?: string;
}

/** Every child of a node (the listing's pages, 250 at a time). */
export async function childrenOf(api: Api, id: string): Promise<AreaNode[]> {
  const children: AreaNode[] = [];
  let cursor: string | undefined;
  do {
    const { data } = await api.GET('/nodes/{id}/children', {
      params: { path: { id }, query: { limit: 250, ...(cursor ? { cursor } : {}) } },
    });
    if (!data) break;
    children.push(...data.items);
    cursor = data.nextCursor;
  } while (cursor);
  return children;
}

/** The communities under one staff scope: the community itself, a street's, or the district's. */
async function communitiesUnder(api: Api, scope: string): Promise<AreaNode[]> {
  if (scope === DISTRICT_SCOPE) {
    const streets = await childrenOf(api, DISTRICT_SCOPE);
    return (await Promise.all(streets.map((street) => communitiesUnder(api, street.id)))).flat();
  }
  const { data } = await api.GET('/nodes/{id}', { params: { path: { id: scope } } });
  if (!data) return [];
  if (data.type === 'community') return [data];
  return (await childrenOf(api, scope)).filter((child) => child.type === 'community');
}

/**
 * The communities the caller serves as staff: the API lists requests and triage by community (a
 * street's staff and the district's admins choose one of theirs).
 */
export function useCommunities(api: Api, grants: () => readonly Grant[]) {
  const communities = ref<AreaNode[]>([]);
  watchEffect(async () => {
    const lists = await Promise.all(staffScopes(grants()).map((scope) => communitiesUnder(api, scope)));
    const byId = new Map(lists.flat().map((node) => [node.id, node]));
    communities.value = [...byId.values()];
  });
  return communities;
}

/** The grids of the chosen community, read again whenever another community is chosen. */
export function useGrids(api: Api, community: () => string) {
  const grids = ref<AreaNode[]>([]);
  watchEffect(async () => {
    const id = community();
    grids.value = id ? (await childrenOf(api, id)).filter((child) => child.type === 'grid') : [];
  });
  return grids;
}
