import { createRouter, createWebHashHistory } from 'vue-router';

/** The leader's phone page: my requests, one request, my points, the rewards. `meta.title` heads the page. */
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
    { path: '/points', component: () => import('./views/PointsView.vue'), meta: { title: '我的积分' } },
    { path: '/rewards', component: () => import('./views/RewardsView.vue'), meta: { title: '积分兑换' } },
  ],
});
