/** Where the router sends a navigation, given whether someone is signed in: pages need a session, the sign-in page does not. */
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';

export const LOGIN_ROUTE = 'login';

export function signInRedirect(
  to: Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'query'>,
  signedIn: boolean,
): true | RouteLocationRaw {
  if (to.name === LOGIN_ROUTE) return signedIn ? safeNext(to.query.next) : true;
  return signedIn ? true : { name: LOGIN_ROUTE, query: { next: to.fullPath } };
}

/** Only a path of this app: `?next=https://elsewhere` or `//elsewhere` must not take a person off-site. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
