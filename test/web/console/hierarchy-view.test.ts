import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import HierarchyView from '../../../web/src/console/views/HierarchyView.vue';
import { button, fakeConsole } from './console-harness';
import { COMMUNITY_ROUTES, COMMUNITY_STAFF, mountWithGrants } from './ops-harness';

const holder = (name: string) => ({ holderId: `p-${name}`, holderName: name, holderPhone: '+8613800000000' });

describe('the hierarchy', () => {
  it('marks a vacant post and appoints a leader to it', async () => {
    let appointed = false;
    const { context, of } = fakeConsole({
      ...COMMUNITY_ROUTES,
      'GET /nodes/c-yinrong': {
        body: { id: 'c-yinrong', type: 'community', name: '银融社区', ancestors: {}, post: holder('孙国庆') },
      },
      'GET /nodes/g-1': {
        body: { id: 'g-1', type: 'grid', name: '第一网格', ancestors: {}, post: holder('王丽华') },
      },
      'GET /nodes/g-2': () => ({
        body: {
          id: 'g-2',
          type: 'grid',
          name: '第二网格',
          ancestors: {},
          ...(appointed ? { post: holder('高伟东') } : {}),
        },
      }),
      'GET /nodes/g-2/post/history': { body: { nodeId: 'g-2', items: [] } },
      'GET /people/p-gao': { body: { id: 'p-gao', name: '高伟东', phone: '+8613800000007', posts: [] } },
      'PUT /nodes/g-2/post': () => {
        appointed = true;
        return { body: {} };
      },
    });
    const wrapper = await mountWithGrants(HierarchyView, context, COMMUNITY_STAFF);
    await wrapper.find('.el-tree-node__expand-icon').trigger('click');
    await flushPromises();

    const nodes = wrapper.findAll('.hierarchy__node');
    expect(nodes.map((node) => node.text())).toEqual([
      '银融社区社区孙国庆',
      '第一网格网格王丽华',
      '第二网格网格空缺',
    ]);

    await nodes[2]?.trigger('click');
    await flushPromises();
    await button(wrapper, '任命负责人').trigger('click');
    const dialog = wrapper.find('.el-dialog');
    await dialog.find('input').setValue('p-gao');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(dialog.text()).toContain('高伟东');
    await dialog
      .findAll('button')
      .find((candidate) => candidate.text() === '任命')
      ?.trigger('click');
    await flushPromises();

    expect(of('PUT', '/nodes/g-2/post').map((sent) => sent.body)).toEqual([{ personId: 'p-gao' }]);
    expect(wrapper.findAll('.hierarchy__node')[2]?.text()).toBe('第二网格网格高伟东');
  });
});
