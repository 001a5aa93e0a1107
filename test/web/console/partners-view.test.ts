import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import PartnersView from '../../../web/src/console/views/PartnersView.vue';
import { button, fakeConsole } from './console-harness';
import { mountWithGrants } from './ops-harness';

const PARTNER = {
  id: 'wjx-yinrong',
  name: '问卷星·银融社区',
  format: 'wjx',
  scope: 'c-yinrong',
  triageCommunityId: 'c-yinrong',
  defaultCategory: 'repair',
  disabled: false,
  secrets: [{ id: 'sec_old', createdAt: '2026-11-01T00:00:00Z', endsWith: 'x9Qa' }],
  apiKeys: [],
  updatedAt: '2026-11-01T00:00:00Z',
};
const NEW_SECRET = 'Zm9yLXRoZS1wYXJ0bmVyLW9ubHktb25jZQ-abcdefgh';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('intake partners', () => {
  it('shows a rotated secret once, copyable, and never again once closed', async () => {
    const { context, of } = fakeConsole({
      'GET /partners': { body: { items: [{ id: PARTNER.id, name: PARTNER.name }] } },
      'GET /partners/wjx-yinrong': { body: PARTNER },
      'GET /partners/wjx-yinrong/rejections': { body: { items: [], hours: [] } },
      'POST /partners/wjx-yinrong/secrets': {
        status: 201,
        body: {
          ...PARTNER,
          secrets: [
            ...PARTNER.secrets,
            { id: 'sec_new', createdAt: '2026-12-02T06:30:00Z', endsWith: 'efgh' },
          ],
          secret: { id: 'sec_new', value: NEW_SECRET },
        },
      },
    });
    const admin = [{ role: 'district_admin' as const, scope: 'district' }];
    const wrapper = await mountWithGrants(PartnersView, context, admin);
    await wrapper.find('.el-table__row').trigger('click');
    await flushPromises();
    await button(wrapper, '轮换密钥').trigger('click');
    await flushPromises();

    expect(of('POST', '/partners/wjx-yinrong/secrets')).toHaveLength(1);
    const shown = document.body.querySelector<HTMLInputElement>('input[data-testid="shown-once-value"]');
    expect(shown?.value).toBe(NEW_SECRET);
    expect(document.body.textContent).toContain('只显示这一次');
    expect(document.body.textContent).toContain('…efgh');

    await button(wrapper, '我已保存,关闭').trigger('click');
    await flushPromises();
    const after = document.body.querySelector<HTMLInputElement>('input[data-testid="shown-once-value"]');
    expect(after?.value ?? '').toBe('');
    expect(document.body.textContent).not.toContain(NEW_SECRET);
  });

  it('tells the person when the API refuses (not an admin)', async () => {
    const { context } = fakeConsole({
      'GET /partners': { status: 403, body: { status: 403, title: 'Forbidden', detail: 'admins only' } },
    });
    await mountWithGrants(PartnersView, context, [{ role: 'district_admin', scope: 'district' }]);
    expect(document.body.textContent).toContain('您没有权限进行此操作');
  });
});
