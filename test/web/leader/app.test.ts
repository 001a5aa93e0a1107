import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import App from '../../../web/src/leader/App.vue';
import { fakeApi, leaderContext, mountView } from './harness';

enableAutoUnmount(afterEach);

describe("the leader's page", () => {
  it('asks a signed-out visitor to sign in with phone and code', async () => {
    const api = fakeApi(() => ({}));
    const wrapper = await mountView(App, leaderContext(api.fetch, false));
    expect(wrapper.text()).toContain('三长联动 · 我的服务');
    expect(wrapper.find('input[type="tel"]').exists()).toBe(true);
    expect(wrapper.find('.van-tabbar').exists()).toBe(false);
  });

  it('gives a signed-in leader the three tabs and a way to sign out', async () => {
    const api = fakeApi(() => ({ body: { items: [] } }));
    const wrapper = await mountView(App, leaderContext(api.fetch));
    const tabs = wrapper.findAll('.van-tabbar-item').map((tab) => tab.text());
    expect(tabs).toEqual(['诉求', '积分', '兑换']);
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
});
