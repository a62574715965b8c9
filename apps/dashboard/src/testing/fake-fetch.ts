/**
 * Stands in for the server's HTTP API in unit specs: each test says how a path answers. Requests honour
 * their AbortSignal like the browser's fetch, so superseded requests behave as they would for real.
 */
import { jest } from '@jest/globals';

/** Answers one path; `init` shows what was sent (method, headers, body). */
export type Route = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

export function fakeFetch(routes: Record<string, Route>): void {
  jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://dashboard.test');
    const route = routes[url.pathname];
    if (!route) return Promise.reject(new TypeError(`fetch failed: nothing answers ${url.pathname}`));
    return new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      Promise.resolve(route(url, init)).then(resolve, reject);
    });
  });
}
