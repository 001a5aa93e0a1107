import type { Level } from '../config/vocabulary.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import type { Access, Role } from './access.js';
import type { HierarchyNode, Post } from './hierarchy.js';

/**
 * A notice (通知公告) posted to a place: a node of the tree (street … unit). Its leaders get it by
 * SMS and confirm reading it (已读); the residents under it see it with their household.
 */
export interface Notice {
  id: string;
  place: string;
  placeLevel: Level;
  placeName: string;
  /** The place's ancestors' ids by level, for the SMS topic's place attributes. */
  placeAncestors: Partial<Record<Level, string>>;
  title: string;
  body: string;
  urgent: boolean;
  expiresAt?: string;
  senderId: string;
  senderName: string;
  /** As whom the sender posted: staff (community, street, district) or a grid leader. */
  senderRole: 'staff' | 'leader';
  createdAt: string;
  /** Counted by the fan-out, one per reader item it writes. */
  recipientCount: number;
  /** Counted on each reader's first confirmation. */
  readCount: number;
  /** An urgent notice's unread readers were reminded (the sweep). */
  remindedAt?: string;
  /** An urgent notice's sender was told who had not read it (the sweep). */
  reportedAt?: string;
}

/** One leader a notice went to. */
export interface NoticeReader {
  noticeId: string;
  personId: string;
  name: string;
  phone: string;
  readAt?: string;
  remindedAt?: string;
}

/**
 * The limits of a notice. The title goes into the SMS (`notice`, `noticeReminder`), so 20 characters
 * keep every one of them in one 70-character segment with the signature; the body is read on the page.
 */
export const NOTICE_LIMITS = { titleLength: 20, bodyLength: 1000, maxExpiryDays: 90 } as const;

/** When an urgent notice's unread readers are reminded and its sender told (config `notices`). */
export interface NoticeTimings {
  remindUnreadAfterMinutes: number;
  reportUnreadAfterMinutes: number;
}

export const DEFAULT_NOTICE_TIMINGS: NoticeTimings = {
  remindUnreadAfterMinutes: 120,
  reportUnreadAfterMinutes: 240,
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The expiry, if given, must be in the future and at most 90 days ahead. */
export function checkExpiry(expiresAt: string | undefined, now: Date): void {
  if (expiresAt === undefined) return;
  const at = Date.parse(expiresAt);
  if (!(at > now.getTime())) {
    throw new ValidationError('The notice would expire before it is read.', [
      { field: 'expiresAt', message: 'must be in the future' },
    ]);
  }
  if (at > now.getTime() + NOTICE_LIMITS.maxExpiryDays * DAY_MS) {
    throw new ValidationError('A notice expires within 90 days.', [
      { field: 'expiresAt', message: `must be at most ${NOTICE_LIMITS.maxExpiryDays} days ahead` },
    ]);
  }
}

export const isExpired = (notice: Pick<Notice, 'expiresAt'>, now: Date) =>
  notice.expiresAt !== undefined && Date.parse(notice.expiresAt) <= now.getTime();

/**
 * Who may post where: community staff in their community (the community or anything under it),
 * grid leaders in their grid (the grid, a building or unit in it), street staff in their street,
 * district admins anywhere. Building and unit leaders only receive: their place is small enough to
 * knock on doors. Each role's scope is the root of the subtree it serves.
 */
export const POSTING_ROLES: readonly Role[] = [
  'grid_leader',
  'community_staff',
  'street_staff',
  'district_admin',
];

type PlaceNode = Pick<HierarchyNode, 'id' | 'ancestors'>;

const inSubtree = (node: PlaceNode, root: string) =>
  node.id === root || Object.values(node.ancestors).includes(root);

/** Whether the caller may post a notice at the node (and so see who has read the notices there). */
export function mayPostAt(access: Access, node: PlaceNode): boolean {
  return access.grants.some(
    (grant) =>
      POSTING_ROLES.includes(grant.role) && (grant.role === 'district_admin' || inSubtree(node, grant.scope)),
  );
}

const STAFF_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];

/** As whom the caller posts at the node (staff over a leader when both); throws when they may not. */
export function senderRoleAt(access: Access, node: PlaceNode): 'staff' | 'leader' {
  if (!mayPostAt(access, node)) {
    throw new ForbiddenError('You may post notices only to places you serve as a grid leader or staff.', [
      { field: 'place', message: 'not a place you serve' },
    ]);
  }
  const asStaff = { ...access, grants: access.grants.filter((grant) => STAFF_ROLES.includes(grant.role)) };
  return mayPostAt(asStaff, node) ? 'staff' : 'leader';
}

/** One recipient: the person behind one or more posts of the subtree. */
export interface Recipient {
  personId: string;
  name: string;
  phone: string;
}

/**
 * The leaders a notice goes to: the holder and the deputy of every post in the subtree, each
 * person once however many posts they hold, without the sender (who wrote it). Sorted by id, so a
 * replay of the fan-out meets them in the same order.
 */
export function noticeRecipients(
  nodes: readonly Pick<HierarchyNode, 'post' | 'deputy'>[],
  senderId: string,
): Recipient[] {
  const people = new Map<string, Recipient>();
  const add = (post: Post | undefined) => {
    if (!post || post.holderId === senderId || people.has(post.holderId)) return;
    people.set(post.holderId, { personId: post.holderId, name: post.holderName, phone: post.holderPhone });
  };
  for (const node of nodes) {
    add(node.post);
    add(node.deputy);
  }
  return [...people.values()].sort((a, b) => a.personId.localeCompare(b.personId));
}

/** When an urgent notice's unread readers are reminded, and when its sender is told. */
export function unreadDeadlines(
  createdAt: string,
  timings: NoticeTimings,
): { remindAt: string; reportAt: string } {
  const created = Date.parse(createdAt);
  return {
    remindAt: new Date(created + timings.remindUnreadAfterMinutes * MINUTE_MS).toISOString(),
    reportAt: new Date(created + timings.reportUnreadAfterMinutes * MINUTE_MS).toISOString(),
  };
}

/** What the unread sweep does next with an urgent notice at `now`. */
export function unreadStep(
  notice: Pick<Notice, 'createdAt' | 'remindedAt' | 'reportedAt'>,
  timings: NoticeTimings,
  now: Date,
): 'remind' | 'report' | 'wait' | 'done' {
  if (notice.reportedAt) return 'done';
  const { remindAt, reportAt } = unreadDeadlines(notice.createdAt, timings);
  const at = now.toISOString();
  if (!notice.remindedAt) return remindAt <= at ? 'remind' : 'wait';
  return reportAt <= at ? 'report' : 'wait';
}
