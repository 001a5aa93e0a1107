import type { Level } from './levels.js';

/** The district tree: street → community → grid → building → unit → household. */
export const NODE_TYPES = ['street', 'community', 'grid', 'building', 'unit', 'household'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** A post at a level (单元长, 楼栋长, 网格长, or the duty officer of a community or street office). */
export interface Post {
  holderId: string;
  holderName: string;
  holderPhone: string;
}

/** The ids of a node's ancestors, by level; a household has all five. */
export type Ancestors = Partial<Record<Level, string>>;

export interface HierarchyNode {
  id: string;
  type: Exclude<NodeType, 'household'>;
  name: string;
  parentId?: string;
  ancestors: Ancestors;
  /** Absent when the post is vacant: requests skip vacant levels. */
  post?: Post;
}

export interface Resident {
  personId: string;
  name: string;
  phone: string;
  relation: string;
}

export interface Household {
  id: string;
  type: 'household';
  /** Address as residents say it, e.g. 银融社区 3栋 2单元 501. */
  address: string;
  room: string;
  parentId: string;
  ancestors: Required<Ancestors>;
  residents: Resident[];
  tags: string[];
}

export interface Person {
  id: string;
  name: string;
  phone: string;
}

/** One level of a household's chain of leaders, as read for routing. */
export interface ChainLink {
  level: Level;
  nodeId: string;
  nodeName: string;
  post?: Post;
}
