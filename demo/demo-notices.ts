import type { Access } from '../shared/domain/access.js';
import type { Dependencies } from '../shared/runtime/dependencies.js';
import { fanOutNotice } from '../shared/services/notices/fan-out.js';
import { postNotice } from '../shared/services/notices/notices.js';

const DAY_MS = 86_400_000;

/** 银融社区's duty officer and its first grid's leader, as the demo district appoints them. */
const COMMUNITY_STAFF: Access = {
  personId: 'p-0002',
  grants: [{ role: 'community_staff', scope: 'cm-yinrong' }],
};
const GRID_LEADER: Access = { personId: 'p-0003', grants: [{ role: 'grid_leader', scope: 'gd-yinrong-1' }] };

/** Three notices of 银融社区, a day old: to the community, to its first grid (urgent), to one building. */
const DEMO_NOTICES = [
  {
    by: COMMUNITY_STAFF,
    place: 'cm-yinrong',
    title: '冬季供暖试运行通知',
    body: '本社区供暖将于12月5日起试运行,请各位楼栋长、单元长提醒居民检查暖气阀门,发现漏水及时报修。',
    urgent: false,
    expiresInDays: 30,
  },
  {
    by: GRID_LEADER,
    place: 'gd-yinrong-1',
    title: '周六停水通知',
    body: '因管网维修,本周六8:00至18:00第一网格停水,请提前储水,并重点告知独居老人家庭。',
    urgent: true,
    expiresInDays: 7,
  },
  {
    by: GRID_LEADER,
    place: 'bd-yinrong-1-3',
    title: '楼道杂物清理',
    body: '消防检查前,请3栋各单元长于本周五前通知居民清理楼道内堆放的杂物和电动车。',
    urgent: false,
    expiresInDays: 14,
  },
] as const;

/**
 * Posts the demo's notices a day before `deps.clock`'s now, each under a fixed Idempotency-Key, and
 * fans each out at once: seeding again changes nothing, and the table's stream finds them done.
 */
export async function seedDemoNotices(deps: Dependencies): Promise<void> {
  const now = deps.clock.now().getTime();
  const dayBefore: Dependencies = { ...deps, clock: { now: () => new Date(now - DAY_MS) } };
  // Independent of each other: fanned out side by side, as the stream would (every local start pays for them).
  await Promise.all(
    DEMO_NOTICES.map(async (notice, index) => {
      const { notice: posted } = await postNotice(
        dayBefore,
        notice.by,
        {
          place: notice.place,
          title: notice.title,
          body: notice.body,
          urgent: notice.urgent,
          expiresAt: new Date(now + notice.expiresInDays * DAY_MS).toISOString(),
        },
        `demo-notice-${index + 1}`,
      );
      await fanOutNotice(dayBefore, posted.id);
    }),
  );
}
