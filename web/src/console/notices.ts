/** What the console checks of a notice before the API does (shared/domain/notice.ts NOTICE_LIMITS). */
export const NOTICE_LIMITS = { titleLength: 20, bodyLength: 1000, maxExpiryDays: 90 } as const;

/** 已读 12/20: how many of the leaders it went to have confirmed it. */
export const readCountText = (notice: { readCount?: number; recipientCount?: number }): string =>
  `已读 ${notice.readCount ?? 0}/${notice.recipientCount ?? 0}`;

/** Everyone it went to has confirmed (none yet: the fan-out has not run, so not "all read"). */
export const allRead = (notice: { readCount?: number; recipientCount?: number }): boolean =>
  (notice.recipientCount ?? 0) > 0 && notice.readCount === notice.recipientCount;
