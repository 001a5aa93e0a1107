/** Notices (通知公告) as the phone pages list them: what is still current, in which order. */
export interface ShownNotice {
  urgent: boolean;
  createdAt: string;
  expiresAt?: string;
  /** When the reader confirmed it (a leader's own notices); residents have none to confirm. */
  readAt?: string;
}

/** A notice past its expiry is no longer news: the pages hide it (by the server's clock). */
export const isCurrent = (notice: ShownNotice, now: number): boolean =>
  notice.expiresAt === undefined || Date.parse(notice.expiresAt) > now;

const newestFirst = (a: ShownNotice, b: ShownNotice) => Date.parse(b.createdAt) - Date.parse(a.createdAt);

/** The resident's: newest first. */
export const currentNewestFirst = <T extends ShownNotice>(notices: readonly T[], now: number): T[] =>
  notices.filter((notice) => isCurrent(notice, now)).sort(newestFirst);

/**
 * The leader's: an urgent notice not yet confirmed first (it is the one someone waits on), then
 * everything else newest first, the unread among them marked where they stand.
 */
export const leaderOrder = <T extends ShownNotice>(notices: readonly T[], now: number): T[] => {
  const waiting = (notice: ShownNotice) => Number(!(notice.urgent && notice.readAt === undefined));
  return notices
    .filter((notice) => isCurrent(notice, now))
    .sort((a, b) => waiting(a) - waiting(b) || newestFirst(a, b));
};
