import { describe, expect, it } from '@jest/globals';
import type { Role } from '@fleetmedic/protocol';
import type { RouteLocationNormalized } from 'vue-router';
import { safeNext, signInRedirect } from './sign-in-redirect';

const to = (name: string, fullPath: string, options: { next?: string; role?: Role } = {}) =>
  ({
    name,
    fullPath,
    query: options.next === undefined ? {} : { next: options.next },
    meta: options.role === undefined ? {} : { role: options.role },
  }) as Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'query' | 'meta'>;

describe('signInRedirect', () => {
  it('sends a signed-out person to sign in, remembering where they were going', () => {
    expect(signInRedirect(to('incident', '/incidents/abc?tab=hosts'), null)).toEqual({
      name: 'login',
      query: { next: '/incidents/abc?tab=hosts' },
    });
  });

  it('lets a signed-in person through, and takes them off the sign-in page to where they were going', () => {
    expect(signInRedirect(to('fleet', '/'), 'viewer')).toBe(true);
    expect(signInRedirect(to('login', '/login?next=/incidents', { next: '/incidents' }), 'viewer')).toBe(
      '/incidents',
    );
    expect(signInRedirect(to('login', '/login'), null)).toBe(true);
  });

  it('keeps a page that needs a role from the roles below it', () => {
    expect(signInRedirect(to('users', '/users', { role: 'admin' }), 'approver')).toEqual({ name: 'fleet' });
    expect(signInRedirect(to('users', '/users', { role: 'admin' }), 'admin')).toBe(true);
    expect(signInRedirect(to('audit', '/audit', { role: 'approver' }), 'approver')).toBe(true);
    expect(signInRedirect(to('audit', '/audit', { role: 'approver' }), 'operator')).toEqual({
      name: 'fleet',
    });
  });

  it('never follows a next that leaves the app', () => {
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext(['/a', '/b'])).toBe('/');
    expect(safeNext('/hosts/1')).toBe('/hosts/1');
  });
});
