import { createRouter, createWebHashHistory } from 'vue-router';

/** The community console's sections, in the side menu's order. */
export const SECTIONS = [
  { path: '/board', title: '诉求看板', component: () => import('./views/BoardView.vue') },
  { path: '/triage', title: '待分拣', component: () => import('./views/TriageView.vue') },
  { path: '/hierarchy', title: '组织架构', component: () => import('./views/HierarchyView.vue') },
  { path: '/households', title: '住户档案', component: () => import('./views/HouseholdsView.vue') },
  { path: '/providers', title: '服务力量', component: () => import('./views/ProvidersView.vue') },
  { path: '/partners', title: '接入渠道', component: () => import('./views/PartnersView.vue') },
  { path: '/points', title: '积分与志愿时长', component: () => import('./views/PointsView.vue') },
  { path: '/rewards', title: '兑换商品与记录', component: () => import('./views/RewardsView.vue') },
  { path: '/statements', title: '月度结算与排行', component: () => import('./views/StatementsView.vue') },
  { path: '/charts', title: '统计图表', component: () => import('./views/ChartsView.vue') },
] as const;

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/board' },
    ...SECTIONS.map(({ path, title, component }) => ({ path, component, meta: { title } })),
  ],
});
