/** The dashboard's pages. The fleet and sign-in pages are in the main bundle; the others load on first visit. */
import { createRouter, createWebHistory } from 'vue-router';
import FleetPage from './pages/FleetPage.vue';
import LoginPage from './pages/LoginPage.vue';
import { LOGIN_ROUTE } from './auth/sign-in-redirect';

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: LOGIN_ROUTE, component: LoginPage },
    { path: '/', name: 'fleet', component: FleetPage },
    { path: '/hosts/:id', name: 'host', component: () => import('./pages/HostPage.vue'), props: true },
    { path: '/incidents', name: 'incidents', component: () => import('./pages/IncidentsPage.vue') },
    {
      path: '/incidents/:id',
      name: 'incident',
      component: () => import('./pages/IncidentPage.vue'),
      props: true,
    },
    // Viewers see the rules; creating and deleting them is for approvers (the page offers it to them only).
    { path: '/rules', name: 'rules', component: () => import('./pages/RulesPage.vue') },
    {
      path: '/users',
      name: 'users',
      component: () => import('./pages/UsersPage.vue'),
      meta: { role: 'admin' },
    },
    {
      path: '/channels',
      name: 'channels',
      component: () => import('./pages/ChannelsPage.vue'),
      meta: { role: 'admin' },
    },
    {
      path: '/audit',
      name: 'audit',
      component: () => import('./pages/AuditPage.vue'),
      meta: { role: 'approver' },
    },
    // An "Approve fix" link from a chat message: checked, then on to the incident's Fix panel.
    {
      path: '/approve/:token',
      name: 'approval-link',
      component: () => import('./pages/ApprovalLinkPage.vue'),
      props: true,
    },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  // Filtering and tabs rewrite the query string; only a change of page scrolls to the top.
  // A link to a panel (`#fix`) scrolls to it.
  scrollBehavior: (to, from, savedPosition) =>
    savedPosition ?? (to.hash ? { el: to.hash } : to.path === from.path ? false : { top: 0 }),
});
