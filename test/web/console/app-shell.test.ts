import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../../web/src/console/App.vue';
import { router } from '../../../web/src/console/router';
import { APP_CONTEXT } from '../../../web/src/common/app-context';
import type { Grant } from '../../../web/src/console/access';
import { fakeConsole } from './console-harness';
import { COMMUNITY_ROUTES, fakeAccessToken } from './ops-harness';

const TOKENS = {
  tokenType: 'Bearer',
  accessToken: fakeAccessToken({ sub: 'p-zhou', name: '周敏' }),
  expiresIn: 3600,
  refreshToken: 'refresh-token',
  refreshExpiresIn: 86_400,
  personId: 'p-zhou',
};

/** The console signed in as a person with these grants. */
async function signedInAs(grants: Grant[]) {
  const fake = fakeConsole({
    ...COMMUNITY_ROUTES,
    'POST /auth/tokens': { body: TOKENS },
    'POST /auth/sign-out': { body: {} },
    'GET /accounts/me': {
      body: { personId: 'p-zhou', account: 'leader#p-zhou', balance: 0, items: [], grants },
    },
    'GET /requests': { body: { items: [] } },
  });
  await fake.context.session.signIn('+8613800000009', '123456');
  await router.push('/board');
  const wrapper = mount(App, {
    attachTo: document.body,
    global: { plugins: [ElementPlus, router], provide: { [APP_CONTEXT as symbol]: fake.context } },
  });
  await flushPromises();
  return { ...fake, wrapper };
}

const menu = (wrapper: Awaited<ReturnType<typeof signedInAs>>['wrapper']) =>
  wrapper.findAll('.el-menu-item').map((item) => item.text());

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the console shell', () => {
  it('asks a signed-out visitor for their phone and code', async () => {
    const { context } = fakeConsole({});
    const wrapper = mount(App, {
      attachTo: document.body,
      global: { plugins: [ElementPlus, router], provide: { [APP_CONTEXT as symbol]: context } },
    });
    await flushPromises();
    expect(wrapper.find('label[for="sign-in-phone"]').text()).toBe('手机号');
    expect(wrapper.find('label[for="sign-in-code"]').text()).toBe('验证码');
    expect(wrapper.find('.el-menu').exists()).toBe(false);
  });

  it('shows community staff every section but the partners, with who they are', async () => {
    const { wrapper } = await signedInAs([{ role: 'community_staff', scope: 'c-yinrong' }]);
    expect(menu(wrapper)).toEqual([
      '诉求看板',
      '待分拣',
      '组织架构',
      '住户档案',
      '服务力量',
      '积分与志愿时长',
      '兑换商品与记录',
      '月度结算与排行',
      '通知公告',
      '短信记录',
      '统计图表',
    ]);
    expect(wrapper.find('.shell__me').text()).toBe('周敏(社区工作人员)');
  });

  it('shows a district admin the partners too', async () => {
    const { wrapper } = await signedInAs([{ role: 'district_admin', scope: 'district' }]);
    expect(menu(wrapper)).toContain('接入渠道');
  });

  it('shows a unit leader no section, and where to go instead', async () => {
    const { wrapper } = await signedInAs([{ role: 'unit_leader', scope: 'u-3-2' }]);
    expect(menu(wrapper)).toEqual([]);
    expect(wrapper.text()).toContain('此账号没有社区工作台的权限');
  });

  it('opens the first permitted section instead of one the caller may not use', async () => {
    const { wrapper } = await signedInAs([{ role: 'community_staff', scope: 'c-yinrong' }]);
    await router.push('/partners');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/board');
    expect(wrapper.find('h1').text()).toBe('诉求看板');
  });

  it('signs out through the API and returns to the sign-in', async () => {
    const { wrapper, of } = await signedInAs([{ role: 'community_staff', scope: 'c-yinrong' }]);
    await wrapper
      .findAll('button')
      .find((candidate) => candidate.text() === '退出登录')
      ?.trigger('click');
    await flushPromises();
    expect(of('POST', '/auth/sign-out').map((sent) => sent.body)).toEqual([
      { refreshToken: 'refresh-token' },
    ]);
    expect(wrapper.find('label[for="sign-in-phone"]').exists()).toBe(true);
  });
});
