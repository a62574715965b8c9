/**
 * Who is signed in, and what their role lets them do. Loaded once from `GET /api/auth/me` at start; a
 * session that ends (logout, expiry, disabled user) empties it, and the router sends the person to sign in.
 */
import { type Principal, type Role, roleAtLeast } from '@fleetmedic/protocol';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { getMe, login as postLogin, logout as postLogout } from '../api/auth';
import { type ApiRequestError, UNAUTHENTICATED, asApiRequestError } from '../api/client';

export const useAuthStore = defineStore('auth', () => {
  const principal = ref<Principal | null>(null);
  /** True once we know whether someone is signed in. */
  const checked = ref(false);
  /** Why the first check could not tell (server unreachable, say): the sign-in page shows it. */
  const checkError = shallowRef<ApiRequestError | null>(null);
  let checking: Promise<void> | undefined;

  const signedIn = computed(() => principal.value !== null);

  /** Asks the server who we are, once; later calls wait for the same answer. */
  function ensureChecked(): Promise<void> {
    if (checked.value) return Promise.resolve();
    checking ??= getMe()
      .then((me) => {
        principal.value = me;
        checkError.value = null;
      })
      .catch((error: unknown) => {
        // Signed out is an answer; any other failure is one the sign-in page shows.
        const failure = asApiRequestError(error);
        principal.value = null;
        checkError.value = failure.code === UNAUTHENTICATED ? null : failure;
      })
      .finally(() => {
        checked.value = true;
        checking = undefined;
      });
    return checking;
  }

  /**
   * Asks again who we are, for when the server hints it changed (a refused request, a live connection the
   * server closed): a lowered role hides what it no longer allows. A session that is gone is answered 401,
   * which the api client reports; a failure to reach the server keeps what we knew.
   */
  async function refresh(): Promise<void> {
    if (principal.value === null) return;
    try {
      principal.value = await getMe();
    } catch (error) {
      if (asApiRequestError(error).code === UNAUTHENTICATED) signedOut();
    }
  }

  async function login(username: string, password: string): Promise<void> {
    principal.value = await postLogin(username, password);
    checked.value = true;
    checkError.value = null;
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

  return { principal, checked, checkError, signedIn, ensureChecked, refresh, login, logout, signedOut, can };
});
