import { ref, type Ref } from 'vue';
import type { Api } from '../api/client';
import type { ServerClock } from '../common/time';
import { isCurrent, type ShownNotice } from '../common/notices';

/** What the tab bar counts: current notices not yet confirmed (通知), app notifications not yet seen (我的). */
export interface Unread {
  notices: Ref<number>;
  inbox: Ref<number>;
  /** Reads both counts again (after sign-in; a view that changed one sets it directly). */
  refresh: () => Promise<void>;
}

/** One count per page (per API client), shared by the tab bar and the views that change it. */
const shared = new WeakMap<Api, Unread>();

/** How many of a leader's notices wait for 确认已读 (the current ones). */
export const unreadNotices = (notices: readonly ShownNotice[], now: number) =>
  notices.filter((notice) => notice.readAt === undefined && isCurrent(notice, now)).length;

export function useUnread(api: Api, clock: ServerClock): Unread {
  const existing = shared.get(api);
  if (existing) return existing;
  const notices = ref(0);
  const inbox = ref(0);
  async function refresh() {
    // A count that cannot be read stays as it was: the badge is a hint, the lists are the truth.
    const [mine, messages] = await Promise.all([
      api.GET('/notices', { params: { query: { mine: 'true', limit: 100 } } }).catch(() => undefined),
      api.GET('/me/inbox', { params: { query: { limit: 1 } } }).catch(() => undefined),
    ]);
    if (mine?.data) notices.value = unreadNotices(mine.data.items, clock.now());
    if (messages?.data) inbox.value = messages.data.unread;
  }
  const unread = { notices, inbox, refresh };
  shared.set(api, unread);
  return unread;
}
