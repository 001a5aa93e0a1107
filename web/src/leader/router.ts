import { createRouter, createWebHashHistory } from 'vue-router';

/**
 * The leader's phone page: my requests, one request, my notices and one notice, my points, the
 * rewards, and 我的 (my messages, notification settings). `meta.title` heads the page.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: () => import('./views/MyRequestsView.vue'), meta: { title: '我的诉求' } },
    {
      path: '/requests/:id',
      component: () => import('./views/RequestView.vue'),
      props: true,
      meta: { title: '诉求详情', back: true },
    },
    { path: '/notices', component: () => import('./views/NoticesView.vue'), meta: { title: '通知公告' } },
    {
      path: '/notices/:id',
      component: () => import('./views/NoticeView.vue'),
      props: true,
      meta: { title: '通知详情', back: true },
    },
    { path: '/points', component: () => import('./views/PointsView.vue'), meta: { title: '我的积分' } },
    { path: '/rewards', component: () => import('./views/RewardsView.vue'), meta: { title: '积分兑换' } },
    { path: '/me', component: () => import('./views/MeView.vue'), meta: { title: '我的' } },
    {
      path: '/me/messages',
      component: () => import('./views/InboxView.vue'),
      meta: { title: '我的消息', back: true },
    },
    {
      path: '/me/notifications',
      component: () => import('./views/NotificationSettingsView.vue'),
      meta: { title: '通知设置', back: true },
    },
  ],
});
