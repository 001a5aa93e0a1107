import type { Api } from '../api/client';
import { DISTRICT_SCOPE } from './access';
import { childrenOf } from './areas';

/** A post holder as a node shows them. */
export interface Holder {
  holderId: string;
  holderName: string;
  holderPhone: string;
  away?: boolean;
}

/** A street … unit with its posts: what the tree shows of each node. */
export interface TreeNode {
  id: string;
  type: string;
  name: string;
  post?: Holder;
  deputy?: Holder;
}

export const NODE_TYPE_NAMES: Record<string, string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
};

/** A node read whole (its listing carries no posts); undefined when the caller may not read it. */
async function readNode(api: Api, id: string): Promise<TreeNode | undefined> {
  const { data } = await api.GET('/nodes/{id}', { params: { path: { id } } });
  return data;
}

/** Nodes with their posts, read side by side; the ones that could not be read are left out. */
async function readNodes(api: Api, ids: string[]): Promise<TreeNode[]> {
  const nodes = await Promise.all(ids.map((id) => readNode(api, id)));
  return nodes.filter((node): node is TreeNode => node !== undefined);
}

/** The tree's roots: the nodes the caller's staff grants are scoped to (the district's: its streets). */
export async function rootNodes(api: Api, scopes: string[]): Promise<TreeNode[]> {
  const ids = await Promise.all(
    scopes.map(async (scope) =>
      scope === DISTRICT_SCOPE ? (await childrenOf(api, DISTRICT_SCOPE)).map((child) => child.id) : [scope],
    ),
  );
  return readNodes(api, [...new Set(ids.flat())]);
}

/** A node's child nodes with their posts (households are kept in 住户档案, not in the tree). */
export async function childNodes(api: Api, id: string): Promise<TreeNode[]> {
  const children = await childrenOf(api, id);
  return readNodes(
    api,
    children.filter((child) => child.type !== 'household').map((child) => child.id),
  );
}

/** A post nobody holds: requests skip the level (to its deputy, or up). */
export const isVacant = (node: TreeNode) => node.post === undefined;
