import { createRouter, createWebHashHistory } from 'vue-router';

/** The resident's phone page: my household's requests, raising one, following one; the community's notices. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: () => import('./views/MyRequestsView.vue') },
    { path: '/new', component: () => import('./views/RaiseRequestView.vue') },
    { path: '/requests/:id', component: () => import('./views/RequestView.vue'), props: true },
    { path: '/notices', component: () => import('./views/NoticesView.vue') },
  ],
});
