import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Principal, Role } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { watch } from 'vue';
import { type Router, createMemoryHistory, createRouter } from 'vue-router';
import { getJson, postJson, setForbiddenHandler, setUnauthenticatedHandler } from '../api/client';
import { useAuthStore } from '../stores/auth';
import { type Route, fakeFetch } from '../testing/fake-fetch';
import { jsonResponse } from '../testing/factories';
import { installSession } from './session';
import { LOGIN_ROUTE } from './sign-in-redirect';

const page = { render: () => null };

/** The app's routes as far as the guard cares: names, and the role a page needs. */
function newRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: LOGIN_ROUTE, component: page },
      { path: '/', name: 'fleet', component: page },
      { path: '/incidents', name: 'incidents', component: page },
      { path: '/incidents/:id', name: 'incident', component: page },
      { path: '/users', name: 'users', component: page, meta: { role: 'admin' } },
    ],
  });
}

const principal = (role: Role): Principal => ({
  user: {
    id: '0196f3a0-5a4e-7c1e-9b1a-3f0c2d4e5f60',
    username: 'olga',
    role,
    createdAt: '2026-11-22T08:00:00.000Z',
    lastLoginAt: null,
    disabled: false,
  },
  role,
  via: 'session',
});
const unauthenticated = () =>
  jsonResponse(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in first.' });

/** The server's session, as the fake API sees it: who is signed in, if anyone. */
let signedInAs: Role | null;
const routes: Record<string, Route> = {
  '/api/auth/me': () => (signedInAs ? jsonResponse(200, principal(signedInAs)) : unauthenticated()),
  '/api/auth/login': () => ((signedInAs = 'operator'), jsonResponse(200, principal('operator'))),
  '/api/hosts': () => (signedInAs ? jsonResponse(200, { hosts: [] }) : unauthenticated()),
  '/api/incidents/abc/ack': () =>
    signedInAs === 'viewer'
      ? jsonResponse(403, {
          statusCode: 403,
          code: 'FORBIDDEN',
          message: 'This needs the operator role or higher; olga acts as viewer.',
        })
      : jsonResponse(200, {}),
};

let router: Router;
let auth: ReturnType<typeof useAuthStore>;

beforeEach(() => {
  signedInAs = null;
  fakeFetch(routes);
  setActivePinia(createPinia());
  auth = useAuthStore();
  router = newRouter();
  installSession(router, auth);
});
afterEach(() => {
  jest.restoreAllMocks();
  setUnauthenticatedHandler(undefined);
  setForbiddenHandler(undefined);
});

const where = () => router.currentRoute.value.fullPath;

describe('the session and the router', () => {
  it('sends a signed-out person opening a page to sign in, and back to that page once signed in', async () => {
    await router.push('/incidents/abc?tab=hosts');
    expect(router.currentRoute.value.name).toBe(LOGIN_ROUTE);
    expect(router.currentRoute.value.query.next).toBe('/incidents/abc?tab=hosts');

    await auth.login('olga', 'her-long-password');
    await router.replace(String(router.currentRoute.value.query.next));
    expect(where()).toBe('/incidents/abc?tab=hosts');
  });

  it('lets a signed-in person through, but not to a page above their role, nor back to sign-in', async () => {
    signedInAs = 'viewer';
    await router.push('/incidents');
    expect(where()).toBe('/incidents');
    await router.push('/users');
    expect(where()).toBe('/');
    await router.push('/login?next=/incidents/abc');
    expect(where()).toBe('/incidents/abc');
  });

  it('sends the person to sign in when any request finds the session gone, remembering the page', async () => {
    signedInAs = 'viewer';
    await router.push('/incidents/abc');
    expect(auth.signedIn).toBe(true);

    signedInAs = null; // expired, or signed out in another tab
    await expect(getJson('/hosts')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await until(() => router.currentRoute.value.name === LOGIN_ROUTE);

    expect(auth.signedIn).toBe(false);
    expect(router.currentRoute.value.name).toBe(LOGIN_ROUTE);
    expect(router.currentRoute.value.query.next).toBe('/incidents/abc');
  });

  it('learns a lowered role from a refused request, so what it no longer allows is hidden', async () => {
    signedInAs = 'operator';
    await router.push('/incidents/abc');
    expect(auth.can('operator')).toBe(true);

    signedInAs = 'viewer'; // an admin lowered the role meanwhile
    await expect(postJson('/incidents/abc/ack')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await until(() => !auth.can('operator'));

    expect(auth.can('viewer')).toBe(true);
    expect(where()).toBe('/incidents/abc');
  });

  it('opens sign-in saying the server cannot be reached when the first check gets no answer', async () => {
    jest.restoreAllMocks();
    fakeFetch({}); // nothing answers: the server is down
    await router.push('/');
    expect(router.currentRoute.value.name).toBe(LOGIN_ROUTE);
    expect(auth.checkError?.code).toBe('NETWORK_ERROR');
  });
});

/** Resolves once `condition` holds: the handlers' follow-up requests and navigation have happened. */
function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = watch(condition, (holds) => {
      if (!holds) return;
      stop();
      resolve();
    });
    if (condition()) {
      stop();
      resolve();
    }
  });
}
