import type { Grant } from './access.js';
import type { Ancestors } from './place.js';
import type { Level } from '../config/vocabulary.js';

/** The district tree: street → community → grid → building → unit → household. */
export const NODE_TYPES = ['street', 'community', 'grid', 'building', 'unit', 'household'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** A post at a level (单元长, 楼栋长, 网格长, or the duty officer of a community or street office). */
export interface Post {
  holderId: string;
  holderName: string;
  holderPhone: string;
  /** The holder is away (travelling, ill): the deputy acts, or the work goes up a level. */
  away?: boolean;
}

/**
 * A move under way: written with the node's new parent, removed once every descendant and every
 * open request under the node follows. While it is there, re-running the same move finishes it.
 */
export interface PendingMove {
  fromParentId: string;
  fromParentName: string;
  /** Where the node was: the open requests under it are still indexed by this place. */
  fromAncestors: Ancestors;
  by: string;
  at: string;
}

export interface HierarchyNode {
  id: string;
  type: Exclude<NodeType, 'household'>;
  name: string;
  parentId?: string;
  ancestors: Ancestors;
  /** Absent when the post is vacant: requests skip vacant levels. */
  post?: Post;
  /** Receives the work while the holder is away or the post is vacant. */
  deputy?: Post;
  /** Bumped by every write through the API (optimistic locking); absent on items loaded in bulk. */
  revision?: number;
  pendingMove?: PendingMove;
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
  /** Tags that matter for service: STANDARD_HOUSEHOLD_TAGS and the district's own (config `householdTags`). */
  tags: string[];
  /** What the household needs from its leaders (一户一档), e.g. 每周代购 or 定期上门探访. */
  needs?: ServiceNeed[];
  revision?: number;
}

export interface ServiceNeed {
  what: string;
  note?: string;
}

/** One change of a post, kept forever in the node's partition (assign, replace, vacate). */
export interface PostChange {
  nodeId: string;
  action: 'assigned' | 'replaced' | 'vacated' | 'deputy-assigned' | 'deputy-removed' | 'away' | 'back';
  holder?: { personId: string; name: string };
  previous?: { personId: string; name: string };
  /** Who made the change. */
  by: string;
  at: string;
  /** The node's revision the change produced. */
  revision: number;
}

export interface Person {
  id: string;
  name: string;
  phone: string;
  /** Where staff e-mail goes, for staff who choose it (docs/notifications.md, "Staff e-mail"). */
  email?: string;
  /** Roles the district gave this person beyond the posts they hold (an admin, a service staff member). */
  grants?: Grant[];
}

/** One level of a household's chain of leaders, as read for routing. */
export interface ChainLink {
  level: Level;
  nodeId: string;
  nodeName: string;
  /** Who acts for the level now (the holder, or the deputy while the holder is away or absent). */
  post?: Post;
}

/** Who acts for a node's post now: its holder, unless away or absent, then its deputy. */
export function actingPost(node: Pick<HierarchyNode, 'post' | 'deputy'>): Post | undefined {
  return node.post && !node.post.away ? node.post : node.deputy;
}
