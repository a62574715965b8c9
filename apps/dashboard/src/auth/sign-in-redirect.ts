/**
 * Where the router sends a navigation, given who is signed in: pages need a session, the sign-in page does
 * not, and a page that needs a role (`meta.role`) is not shown to a role below it.
 */
import { type Role, roleAtLeast } from '@fleetmedic/protocol';
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';

export const LOGIN_ROUTE = 'login';

declare module 'vue-router' {
  interface RouteMeta {
    /** The least role that may open the page. */
    role?: Role;
  }
}

export function signInRedirect(
  to: Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'query' | 'meta'>,
  role: Role | null,
): true | RouteLocationRaw {
  if (to.name === LOGIN_ROUTE) return role !== null ? safeNext(to.query.next) : true;
  if (role === null) return { name: LOGIN_ROUTE, query: { next: to.fullPath } };
  if (to.meta.role !== undefined && !roleAtLeast(role, to.meta.role)) return { name: 'fleet' };
  return true;
}

/** Only a path of this app: `?next=https://elsewhere` or `//elsewhere` must not take a person off-site. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
