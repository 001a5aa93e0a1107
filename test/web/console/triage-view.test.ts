import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import TriageView from '../../../web/src/console/views/TriageView.vue';
import { button, fakeConsole, SERVER_NOW } from './console-harness';
import { COMMUNITY_ROUTES, COMMUNITY_STAFF, mountWithGrants } from './ops-harness';

const IN_TRIAGE = {
  id: 'req-form-1',
  address: '银融小区3号楼',
  category: 'repair',
  priority: 'normal',
  status: 'triage',
  level: 'community',
  deadline: new Date(SERVER_NOW + 3_600_000).toISOString(),
  overdue: false,
  createdAt: new Date(SERVER_NOW - 600_000).toISOString(),
};

function triage() {
  let dismissed = false;
  return fakeConsole({
    ...COMMUNITY_ROUTES,
    'GET /requests': () => ({ body: { items: dismissed ? [] : [IN_TRIAGE] } }),
    'POST /requests/req-form-1/dismiss': () => {
      dismissed = true;
      return { body: { ...IN_TRIAGE, status: 'closed' } };
    },
    'GET /households/hh-3-2-501': { body: { id: 'hh-3-2-501', address: '银融社区 3栋 2单元 501' } },
    'POST /requests/req-form-1/attach': { body: { ...IN_TRIAGE, status: 'assigned' } },
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the triage queue', () => {
  it("lists the community's requests in triage", async () => {
    const { context, of } = triage();
    const wrapper = await mountWithGrants(TriageView, context, COMMUNITY_STAFF);
    expect(of('GET', '/requests')[0]?.query).toMatchObject({ node: 'c-yinrong', status: 'triage' });
    expect(wrapper.text()).toContain('银融小区3号楼');
  });

  it('dismisses only with a reason, and sends the reason as the note', async () => {
    const { context, of } = triage();
    const wrapper = await mountWithGrants(TriageView, context, COMMUNITY_STAFF);
    await button(wrapper, '驳回').trigger('click');
    const dialog = wrapper.find('.el-dialog');
    const confirm = dialog.findAll('button').find((candidate) => candidate.text() === '驳回');
    expect(confirm?.attributes('disabled')).toBeDefined();
    await confirm?.trigger('click');
    expect(of('POST', '/requests/req-form-1/dismiss')).toHaveLength(0);

    await dialog.find('textarea').setValue('  重复提交  ');
    expect(confirm?.attributes('disabled')).toBeUndefined();
    await confirm?.trigger('click');
    await flushPromises();

    expect(of('POST', '/requests/req-form-1/dismiss').map((sent) => sent.body)).toEqual([
      { note: '重复提交' },
    ]);
    expect(wrapper.text()).not.toContain('银融小区3号楼');
  });

  it('attaches to the household found by its id, after showing its address', async () => {
    const { context, of } = triage();
    const wrapper = await mountWithGrants(TriageView, context, COMMUNITY_STAFF);
    await button(wrapper, '关联住户').trigger('click');
    const dialog = wrapper.find('.el-dialog');
    await dialog.find('input').setValue('hh-3-2-501');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(dialog.text()).toContain('银融社区 3栋 2单元 501');

    const confirm = dialog.findAll('button').find((candidate) => candidate.text() === '关联住户');
    await confirm?.trigger('click');
    await flushPromises();
    expect(of('POST', '/requests/req-form-1/attach').map((sent) => sent.body)).toEqual([
      { householdId: 'hh-3-2-501' },
    ]);
  });
});
