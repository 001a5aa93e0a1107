import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import MyRequestsView from '../../../web/src/leader/views/MyRequestsView.vue';
import { aRequest, fakeApi, LEADER_ID, leaderContext, mountView, SERVER_NOW } from './harness';

enableAutoUnmount(afterEach);

describe("the leader's list of requests", () => {
  it('lists the requests I hold, the overdue one first and in red, each with a live countdown', async () => {
    const api = fakeApi(() => ({
      body: {
        items: [
          aRequest({ id: 'R-LATER', deadline: new Date(SERVER_NOW + 65.5 * 60_000).toISOString() }),
          aRequest({
            id: 'R-LATE',
            priority: 'urgent',
            deadline: new Date(SERVER_NOW - 12.5 * 60_000).toISOString(),
          }),
        ],
      },
    }));
    const wrapper = await mountView(MyRequestsView, leaderContext(api.fetch));

    expect(api.calls[0]?.path).toBe('/requests');
    expect(api.calls[0]?.query.get('assignee')).toBe(LEADER_ID);
    const cards = wrapper.findAll('[data-request]');
    expect(cards.map((card) => card.attributes('data-request'))).toEqual(['R-LATE', 'R-LATER']);
    const [late, later] = cards.map((card) => card.get('[role="timer"]'));
    expect(late?.text()).toBe('已超时 12分');
    expect(late?.classes()).toContain('sla--overdue');
    expect(later?.text()).toBe('剩余 1小时05分');
    expect(later?.classes()).not.toContain('sla--overdue');
    expect(cards[0]?.text()).toContain('紧急');
    expect(cards[0]?.text()).toContain('单元长');
    expect(cards[0]?.attributes('href')).toBe('/requests/R-LATE');
  });

  it('says so when I hold nothing', async () => {
    const api = fakeApi(() => ({ body: { items: [] } }));
    const wrapper = await mountView(MyRequestsView, leaderContext(api.fetch));
    expect(wrapper.text()).toContain('暂时没有需要您处理的诉求');
  });

  it("shows the API's problem when the list cannot be read", async () => {
    const api = fakeApi(() => ({ status: 503, body: { status: 503, title: 'Service Unavailable' } }));
    const wrapper = await mountView(MyRequestsView, leaderContext(api.fetch));
    expect(wrapper.get('[role="alert"]').text()).toContain('服务暂时繁忙,请稍后再试');
  });
});
