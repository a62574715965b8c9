import { describe, expect, it } from '@jest/globals';
import type { RouteLocationNormalized } from 'vue-router';
import { safeNext, signInRedirect } from './sign-in-redirect';

const to = (name: string, fullPath: string, next?: string) =>
  ({ name, fullPath, query: next === undefined ? {} : { next } }) as Pick<
    RouteLocationNormalized,
    'name' | 'fullPath' | 'query'
  >;

describe('signInRedirect', () => {
  it('sends a signed-out person to sign in, remembering where they were going', () => {
    expect(signInRedirect(to('incident', '/incidents/abc?tab=hosts'), false)).toEqual({
      name: 'login',
      query: { next: '/incidents/abc?tab=hosts' },
    });
  });

  it('lets a signed-in person through, and takes them off the sign-in page to where they were going', () => {
    expect(signInRedirect(to('fleet', '/'), true)).toBe(true);
    expect(signInRedirect(to('login', '/login?next=/incidents', '/incidents'), true)).toBe('/incidents');
    expect(signInRedirect(to('login', '/login'), false)).toBe(true);
  });

  it('never follows a next that leaves the app', () => {
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext(['/a', '/b'])).toBe('/');
    expect(safeNext('/hosts/1')).toBe('/hosts/1');
  });
});
