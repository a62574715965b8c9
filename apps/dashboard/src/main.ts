/** The FleetMedic dashboard: a Vue app served by the server at `/`. Every page but sign-in needs a session. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setUnauthenticatedHandler } from './api/client';
import { createAppI18n } from './i18n';
import { router } from './router';
import { LOGIN_ROUTE, signInRedirect } from './sign-in-redirect';
import { useAuthStore } from './stores/auth';
import './styles.css';

const pinia = createPinia();
const auth = useAuthStore(pinia);

router.beforeEach(async (to) => {
  await auth.ensureChecked();
  return signInRedirect(to, auth.principal?.role ?? null);
});

// A session that ends while the app is open (expired, signed out elsewhere, user disabled): sign in again.
setUnauthenticatedHandler(() => {
  auth.signedOut();
  const current = router.currentRoute.value;
  if (current.name !== LOGIN_ROUTE)
    void router.push({ name: LOGIN_ROUTE, query: { next: current.fullPath } });
});

createApp(App).use(pinia).use(createAppI18n()).use(router).mount('#app');
