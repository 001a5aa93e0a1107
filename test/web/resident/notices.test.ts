import { describe, expect, it } from 'vitest';
import NoticesView from '../../../web/src/resident/views/NoticesView.vue';
import { fakeApi, mountResident, RESIDENT } from './page';

const hours = (count: number) => new Date(Date.now() + count * 3_600_000).toISOString();
const notice = (id: string, createdAt: string, more: Record<string, unknown> = {}) => ({
  id,
  place: 'b-3',
  placeLevel: 'building',
  placeName: '银融社区3栋',
  title: `通知${id}`,
  body: `正文${id}`,
  urgent: false,
  senderId: 'p-staff',
  senderName: '社区孙主任',
  createdAt,
  ...more,
});

describe("the household's notices", () => {
  it('lists the current ones newest first, the urgent marked', async () => {
    const api = fakeApi({
      [`GET /households/${RESIDENT.householdId}/notices`]: {
        status: 200,
        body: {
          householdId: RESIDENT.householdId,
          items: [
            notice('old', hours(-30)),
            notice('water', hours(-2), { urgent: true, title: '明天停水', expiresAt: hours(20) }),
            notice('over', hours(-1), { expiresAt: hours(-0.5) }),
          ],
        },
      },
    });
    const { wrapper } = await mountResident(NoticesView, { fetch: api.fetch });

    const articles = wrapper.findAll('article');
    expect(articles.map((article) => article.get('h3').text())).toEqual(['紧急 明天停水', '通知old']);
    expect(articles[0]?.classes()).toContain('notice--urgent');
    expect(articles[0]?.text()).toContain('有效期至');
    expect(articles[1]?.text()).toContain('正文old');
  });

  it('says so when there are none, and offers a retry when they cannot be read', async () => {
    const empty = fakeApi({
      [`GET /households/${RESIDENT.householdId}/notices`]: { status: 200, body: { items: [] } },
    });
    expect((await mountResident(NoticesView, { fetch: empty.fetch })).wrapper.text()).toContain(
      '暂时没有社区通知',
    );

    const failing = fakeApi({});
    const { wrapper } = await mountResident(NoticesView, { fetch: failing.fetch });
    expect(wrapper.get('[role="alert"]').text()).toContain('重新加载');
  });
});
