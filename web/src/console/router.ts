import { createRouter, createWebHashHistory } from 'vue-router';
import { ADMINS, STAFF, type Role } from './access';

/** The community console's sections, in the side menu's order, and the roles whose API routes each uses. */
export const SECTIONS: readonly {
  path: string;
  title: string;
  roles: readonly Role[];
  component: () => Promise<unknown>;
}[] = [
  { path: '/board', title: '诉求看板', roles: STAFF, component: () => import('./views/BoardView.vue') },
  { path: '/triage', title: '待分拣', roles: STAFF, component: () => import('./views/TriageView.vue') },
  {
    path: '/hierarchy',
    title: '组织架构',
    roles: STAFF,
    component: () => import('./views/HierarchyView.vue'),
  },
  {
    path: '/households',
    title: '住户档案',
    roles: STAFF,
    component: () => import('./views/HouseholdsView.vue'),
  },
  {
    path: '/providers',
    title: '服务力量',
    roles: STAFF,
    component: () => import('./views/ProvidersView.vue'),
  },
  {
    path: '/partners',
    title: '接入渠道',
    roles: ADMINS,
    component: () => import('./views/PartnersView.vue'),
  },
  {
    path: '/points',
    title: '积分与志愿时长',
    roles: STAFF,
    component: () => import('./views/PointsView.vue'),
  },
  {
    path: '/rewards',
    title: '兑换商品与记录',
    roles: STAFF,
    component: () => import('./views/RewardsView.vue'),
  },
  {
    path: '/statements',
    title: '月度结算与排行',
    roles: STAFF,
    component: () => import('./views/StatementsView.vue'),
  },
  {
    path: '/notices',
    title: '通知公告',
    roles: STAFF,
    component: () => import('./views/NoticesView.vue'),
  },
  {
    path: '/messages',
    title: '短信记录',
    roles: STAFF,
    component: () => import('./views/MessagesView.vue'),
  },
  { path: '/charts', title: '统计图表', roles: STAFF, component: () => import('./views/ChartsView.vue') },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/board' },
    ...SECTIONS.map(({ path, title, component }) => ({ path, component, meta: { title } })),
  ],
});
