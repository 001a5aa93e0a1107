import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import App from '../../../web/src/resident/App.vue';
import { fakeApi, mountResident } from './page';

afterEach(() => {
  document.body.innerHTML = '';
});

describe("the resident page's frame", () => {
  it('asks a signed-out visitor to sign in with phone and code', async () => {
    const { wrapper } = await mountResident(App, { fetch: fakeApi({}).fetch, claims: undefined });
    expect(wrapper.text()).toContain('三长联动 · 居民服务');
    expect(wrapper.find('input[type="tel"]').exists()).toBe(true);
    expect(wrapper.find('[role="tablist"]').exists()).toBe(false);
  });

  it('shows a resident the views, the tabs and a way to sign out', async () => {
    const api = fakeApi({ 'POST /auth/sign-out': { status: 204 } });
    const { wrapper } = await mountResident(App, { fetch: api.fetch });
    const tabs = wrapper.findAll('[role="tab"]').map((tab) => tab.text());
    expect(tabs).toEqual(['我的诉求', '我要反映', '社区通知']);
    expect(wrapper.text()).toContain('other view');

    await wrapper
      .findAll('button')
      .find((button) => button.text() === '退出登录')
      ?.trigger('click');
    await flushPromises();
    expect(api.to('POST /auth/sign-out')[0]?.body).toEqual({ refreshToken: 'refresh' });
    expect(wrapper.text()).toContain('三长联动 · 居民服务');
  });

  it('tells a person without a household where to register, and shows no views', async () => {
    const { wrapper } = await mountResident(App, {
      fetch: fakeApi({}).fetch,
      claims: { sub: 'p-0025', name: '袁玉珍', 'custom:person_id': 'p-0025' },
    });
    expect(wrapper.text()).toContain('还没有登记为住户');
    expect(wrapper.text()).not.toContain('other view');
    expect(wrapper.find('[role="tablist"]').exists()).toBe(false);
  });
});
