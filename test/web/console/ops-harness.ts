import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { ref, type Component } from 'vue';
import { APP_CONTEXT, type AppContext } from '../../../web/src/common/app-context';
import { GRANTS, type Grant } from '../../../web/src/console/access';

/** Mounts a console view as the shell would: Element Plus, the page's context, the caller's grants. */
export async function mountWithGrants(view: Component, context: AppContext, grants: Grant[]) {
  const wrapper = mount(view, {
    attachTo: document.body,
    global: {
      plugins: [ElementPlus],
      provide: { [APP_CONTEXT as symbol]: context, [GRANTS as symbol]: ref(grants) },
    },
  });
  await flushPromises();
  return wrapper;
}

/** Community staff of c-yinrong, with its two grids and no other reads. */
export const COMMUNITY_STAFF: Grant[] = [{ role: 'community_staff', scope: 'c-yinrong' }];

export const COMMUNITY_ROUTES = {
  'GET /nodes/c-yinrong': { body: { id: 'c-yinrong', type: 'community', name: '银融社区', ancestors: {} } },
  'GET /nodes/c-yinrong/children': {
    body: {
      items: [
        { id: 'g-1', type: 'grid', name: '第一网格', ancestors: {} },
        { id: 'g-2', type: 'grid', name: '第二网格', ancestors: {} },
      ],
    },
  },
  'GET /district': {
    body: {
      categories: [
        { code: 'repair', name: '维修' },
        { code: 'elderly', name: '助老' },
      ],
      householdTags: ['独居老人', '残疾'],
    },
  },
};

/** An access token as the pages read it (claims only; the signature is the API's business). */
export function fakeAccessToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'EdDSA' })}.${part(claims)}.signature`;
}
