import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Principal } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { fakeFetch } from '../testing/fake-fetch';
import { jsonResponse } from '../testing/factories';
import { useAuthStore } from './auth';

const principal = (role: Principal['role']): Principal => ({
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

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('auth store', () => {
  it('knows nobody is signed in when the server says so, asking only once', async () => {
    let asked = 0;
    fakeFetch({ '/api/auth/me': () => ((asked += 1), unauthenticated()) });
    const auth = useAuthStore();
    await Promise.all([auth.ensureChecked(), auth.ensureChecked()]);
    await auth.ensureChecked();
    expect(asked).toBe(1);
    expect(auth.checked).toBe(true);
    expect(auth.signedIn).toBe(false);
    expect(auth.can('viewer')).toBe(false);
  });

  it('signs in, allows what the role allows and nothing above it, and signs out', async () => {
    const sent: unknown[] = [];
    fakeFetch({
      '/api/auth/login': (_url, init) => {
        sent.push(JSON.parse(init?.body as string));
        return jsonResponse(200, principal('operator'));
      },
      '/api/auth/logout': () => new Response(null, { status: 204 }),
    });
    const auth = useAuthStore();
    await auth.login('olga', 'her-long-password');
    expect(sent).toEqual([{ username: 'olga', password: 'her-long-password' }]);
    expect(auth.signedIn).toBe(true);
    expect([auth.can('viewer'), auth.can('operator'), auth.can('approver'), auth.can('admin')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    await auth.logout();
    expect(auth.signedIn).toBe(false);
  });

  it('keeps nobody signed in after a refused login, with the server’s reason', async () => {
    fakeFetch({
      '/api/auth/login': () =>
        jsonResponse(401, {
          statusCode: 401,
          code: 'INVALID_CREDENTIALS',
          message: 'Wrong user name or password.',
        }),
    });
    const auth = useAuthStore();
    await expect(auth.login('olga', 'wrong')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(auth.signedIn).toBe(false);
  });

  it('keeps why it could not tell when the server cannot be reached, and forgets it once signed in', async () => {
    fakeFetch({ '/api/auth/login': () => jsonResponse(200, principal('viewer')) });
    const auth = useAuthStore();
    await auth.ensureChecked();
    expect(auth.signedIn).toBe(false);
    expect(auth.checkError?.code).toBe('NETWORK_ERROR');
    await auth.login('olga', 'her-long-password');
    expect(auth.checkError).toBeNull();
  });

  it('takes a changed role on refresh, and lets go of a session the server ended', async () => {
    let serverSays: Response = jsonResponse(200, principal('approver'));
    fakeFetch({ '/api/auth/me': () => serverSays });
    const auth = useAuthStore();
    await auth.ensureChecked();
    expect(auth.can('approver')).toBe(true);

    serverSays = jsonResponse(200, principal('viewer'));
    await auth.refresh();
    expect([auth.can('viewer'), auth.can('operator')]).toEqual([true, false]);

    serverSays = unauthenticated();
    await auth.refresh();
    expect(auth.signedIn).toBe(false);
  });

  it('keeps who is signed in when a refresh gets no answer', async () => {
    let reachable = true;
    fakeFetch({
      '/api/auth/me': () =>
        reachable ? jsonResponse(200, principal('operator')) : Promise.reject(new TypeError('fetch failed')),
    });
    const auth = useAuthStore();
    await auth.ensureChecked();
    reachable = false;
    await auth.refresh();
    expect(auth.can('operator')).toBe(true);
  });
});
