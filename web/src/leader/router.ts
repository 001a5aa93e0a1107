import { createRouter, createWebHashHistory } from 'vue-router';

/** The leader's phone page: my requests, one request, my points, the rewards. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: () => import('./views/MyRequestsView.vue') },
    { path: '/requests/:id', component: () => import('./views/RequestView.vue'), props: true },
    { path: '/points', component: () => import('./views/PointsView.vue') },
    { path: '/rewards', component: () => import('./views/RewardsView.vue') },
  ],
});
