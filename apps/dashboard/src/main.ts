/** The FleetMedic dashboard: a Vue app served by the server at `/`. Every page but sign-in needs a session. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { installSession } from './auth/session';
import { createAppI18n } from './i18n';
import { router } from './router';
import { useAuthStore } from './stores/auth';
import './styles.css';

const pinia = createPinia();
installSession(router, useAuthStore(pinia));

createApp(App).use(pinia).use(createAppI18n()).use(router).mount('#app');
