/**
 * Ties the session to the router, in one place: every navigation waits for the first "who am I" and is
 * sent to sign in when nobody is; any API answer saying the session is gone sends the person to sign in,
 * back to the page they were on afterwards; any answer refusing a role asks again who they are, so a role
 * lowered meanwhile hides what it no longer allows.
 */
import type { Router } from 'vue-router';
import { setForbiddenHandler, setUnauthenticatedHandler } from '../api/client';
import type { useAuthStore } from '../stores/auth';
import { LOGIN_ROUTE, signInRedirect } from './sign-in-redirect';

type AuthStore = ReturnType<typeof useAuthStore>;

export function installSession(router: Router, auth: AuthStore): void {
  router.beforeEach(async (to) => {
    await auth.ensureChecked();
    return signInRedirect(to, auth.principal?.role ?? null);
  });

  // Only a session that was there can end: before the first check, the guard above decides.
  setUnauthenticatedHandler(() => {
    if (!auth.signedIn) return;
    auth.signedOut();
    void sendToSignIn(router);
  });
  setForbiddenHandler(() => void auth.refresh());
}

/** To the sign-in page, remembering the page the person was on. */
export async function sendToSignIn(router: Router): Promise<void> {
  const current = router.currentRoute.value;
  if (current.name === LOGIN_ROUTE) return;
  await router.push({ name: LOGIN_ROUTE, query: { next: current.fullPath } });
}
