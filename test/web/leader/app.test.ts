import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import App from '../../../web/src/leader/App.vue';
import { fakeApi, leaderContext, mountView } from './harness';

enableAutoUnmount(afterEach);
// Vant's fixed nav and tab bars measure their height again 100, 200 and 300 ms after mounting (the
// safe-area placeholder): the page's environment must outlive those timers, or they meet no window.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 400)));

describe("the leader's page", () => {
  it('asks a signed-out visitor to sign in with phone and code', async () => {
    const api = fakeApi(() => ({}));
    const wrapper = await mountView(App, leaderContext(api.fetch, false));
    expect(wrapper.text()).toContain('三长联动 · 我的服务');
    expect(wrapper.find('input[type="tel"]').exists()).toBe(true);
    expect(wrapper.find('.van-tabbar').exists()).toBe(false);
  });

  it('gives a signed-in leader the five tabs and a way to sign out', async () => {
    const api = fakeApi(() => ({ body: { items: [], unread: 0 } }));
    const wrapper = await mountView(App, leaderContext(api.fetch));
    const tabs = wrapper.findAll('.van-tabbar-item__text').map((tab) => tab.text());
    expect(tabs).toEqual(['诉求', '通知', '积分', '兑换', '我的']);
    expect(wrapper.find('.van-badge').exists()).toBe(false);
    expect(wrapper.text()).toContain('王阿姨,您好');

    await wrapper
      .findAll('button')
      .find((button) => button.text() === '退出')
      ?.trigger('click');
    await flushPromises();
    document.querySelector<HTMLButtonElement>('.van-dialog__confirm')?.click();
    await flushPromises();
    expect(api.calls.at(-1)).toMatchObject({ method: 'POST', path: '/auth/sign-out' });
    expect(wrapper.text()).toContain('三长联动 · 我的服务');
  });

  it('counts the notices waiting for 确认已读 on 通知, and new messages on 我的', async () => {
    const unreadNotice = { id: 'N-1', urgent: true, createdAt: '2026-12-02T07:00:00Z' };
    const api = fakeApi((call) =>
      call.path === '/notices'
        ? { body: { items: [unreadNotice, { ...unreadNotice, id: 'N-2', readAt: '2026-12-02T07:30:00Z' }] } }
        : call.path === '/me/inbox'
          ? { body: { items: [], unread: 3 } }
          : { body: { items: [] } },
    );
    const wrapper = await mountView(App, leaderContext(api.fetch));
    const badges = wrapper.findAll('.van-tabbar-item').map((tab) => {
      const badge = tab.find('.van-badge');
      return badge.exists() ? badge.text() : undefined;
    });
    expect(badges).toEqual([undefined, '1', undefined, undefined, '3']);
  });
});
