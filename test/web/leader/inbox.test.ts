import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import InboxView from '../../../web/src/leader/views/InboxView.vue';
import { useUnread } from '../../../web/src/leader/unread';
import { fakeApi, leaderContext, mountView, SERVER_NOW } from './harness';

enableAutoUnmount(afterEach);

const minutesAgo = (minutes: number) => new Date(SERVER_NOW - minutes * 60_000).toISOString();

const inbox = {
  unread: 1,
  items: [
    {
      key: 'assigned#R-1',
      kind: 'assignment',
      text: '【绿苑区】新诉求:银融社区3栋2单元501 水管漏水,请30分钟内接单。',
      urgent: true,
      at: minutesAgo(5),
      read: false,
      requestId: 'R-1',
    },
    {
      key: 'notice#N-1',
      kind: 'notice',
      text: '【绿苑区】社区通知:周六开会。',
      urgent: false,
      at: minutesAgo(60),
      read: true,
      noticeId: 'N-1',
    },
  ],
};

describe("the leader's messages", () => {
  it('lists them newest first, each opening its request or notice, and marks them read up to the newest', async () => {
    const api = fakeApi((call) =>
      call.method === 'POST' ? { body: { readUntil: inbox.items[0]!.at, unread: 0 } } : { body: inbox },
    );
    const context = leaderContext(api.fetch);
    useUnread(context.api, context.clock).inbox.value = 1;
    const wrapper = await mountView(InboxView, context);

    const cells = wrapper.findAll('[data-key]');
    expect(cells[0]?.text()).toContain('派单');
    expect(cells[0]?.text()).toContain('新');
    expect(cells[1]?.text()).toContain('通知公告');
    expect(cells[1]?.text()).not.toContain('新');

    const marks = api.calls.filter((call) => call.method === 'POST');
    expect(marks.map((call) => [call.path, call.body])).toEqual([
      ['/me/inbox/read', { until: inbox.items[0]!.at }],
    ]);
    expect(useUnread(context.api, context.clock).inbox.value).toBe(0);

    await cells[0]?.trigger('click');
    await flushPromises();
    expect(wrapper.vm.$router.currentRoute.value.path).toBe('/requests/R-1');
    await cells[1]?.trigger('click');
    await flushPromises();
    expect(wrapper.vm.$router.currentRoute.value.path).toBe('/notices/N-1');
  });

  it('marks nothing when nothing is unread', async () => {
    const api = fakeApi(() => ({ body: { ...inbox, unread: 0 } }));
    await mountView(InboxView, leaderContext(api.fetch));
    expect(api.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });
});
