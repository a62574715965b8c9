/**
 * Who is signed in, and what their role lets them do. Loaded once from `GET /api/auth/me` at start; a
 * session that ends (logout, expiry, disabled user) empties it, and the router sends the person to sign in.
 */
import { type Principal, type Role, roleAtLeast } from '@fleetmedic/protocol';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { getMe, login as postLogin, logout as postLogout } from '../api/auth';
import { UNAUTHENTICATED, asApiRequestError } from '../api/client';

export const useAuthStore = defineStore('auth', () => {
  const principal = ref<Principal | null>(null);
  /** True once we know whether someone is signed in. */
  const checked = ref(false);
  let checking: Promise<void> | undefined;

  const signedIn = computed(() => principal.value !== null);

  /** Asks the server who we are, once; later calls wait for the same answer. */
  function ensureChecked(): Promise<void> {
    if (checked.value) return Promise.resolve();
    checking ??= getMe()
      .then((me) => {
        principal.value = me;
      })
      .catch((error: unknown) => {
        // Signed out is an answer; any other failure (server down) is one the login page will show.
        if (asApiRequestError(error).code !== UNAUTHENTICATED) principal.value = null;
      })
      .finally(() => {
        checked.value = true;
        checking = undefined;
      });
    return checking;
  }

  async function login(username: string, password: string): Promise<void> {
    principal.value = await postLogin(username, password);
    checked.value = true;
  }

  async function logout(): Promise<void> {
    try {
      await postLogout();
    } finally {
      signedOut();
    }
  }

  /** The session is gone: forget who we were. */
  function signedOut(): void {
    principal.value = null;
    checked.value = true;
  }

  /** Whether the signed-in person may do what needs `role`. */
  function can(role: Role): boolean {
    return principal.value !== null && roleAtLeast(principal.value.role, role);
  }

  return { principal, checked, signedIn, ensureChecked, login, logout, signedOut, can };
});
