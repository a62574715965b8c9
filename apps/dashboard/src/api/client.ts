/**
 * The one HTTP client of the dashboard: relative URLs under `/api` (the server serves the app), JSON in and
 * out, the session cookie sent along, and every failure turned into an `ApiRequestError` that carries the
 * server's stable code. An answer saying the session is gone goes to one handler (the sign-in page).
 */
import { type ApiError, ROLES, type Role } from '@fleetmedic/protocol';

/** Codes the client itself gives to failures that never reached, or never came back from, the API. */
export const ClientErrorCode = {
  /** The request did not get an HTTP answer (server down, network gone). */
  Network: 'NETWORK_ERROR',
  /** The answer was not the JSON the contract promises (e.g. a proxy's HTML error page). */
  BadResponse: 'BAD_RESPONSE',
} as const;

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** HTTP status, or 0 when no answer came back. */
    readonly statusCode: number,
    /** The server's code (`HOST_NOT_FOUND`, …) or one of `ClientErrorCode`. */
    readonly code: string,
    message: string,
    readonly issues: NonNullable<ApiError['issues']> = [],
    /** From `Retry-After`, when the server asked us to wait (429). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

const API_ROOT = '/api';

/** The server's code for "no valid session or token". */
export const UNAUTHENTICATED = 'UNAUTHENTICATED';
/** The server's code for "signed in, but the role is too low for this". */
export const FORBIDDEN = 'FORBIDDEN';

let onUnauthenticated: (() => void) | undefined;
let onForbidden: (() => void) | undefined;

/** Who is told when any request finds the session gone (expired, signed out elsewhere, user disabled). */
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

/** Who is told when any request is refused for want of a role (the role may have been lowered meanwhile). */
export function setForbiddenHandler(handler: (() => void) | undefined): void {
  onForbidden = handler;
}

const REQUIRED_ROLE = new RegExp(`\\bneeds the (${ROLES.join('|')}) role\\b`);

/**
 * The role a FORBIDDEN answer says was missing. The error body has no field for it, so it is read from the
 * server's sentence ("This needs the operator role or higher; …"); null when the sentence does not say.
 */
export function requiredRoleOf(error: ApiRequestError): Role | null {
  if (error.code !== FORBIDDEN) return null;
  const match = REQUIRED_ROLE.exec(error.message);
  return match ? (match[1] as Role) : null;
}

export function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return requestJson<T>('GET', path, undefined, options);
}

/** A POST whose body, when there is one, is sent as JSON; the answer is JSON like every other. */
export function postJson<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return requestJson<T>('POST', path, body, options);
}

export function patchJson<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return requestJson<T>('PATCH', path, body, options);
}

/** A DELETE; the server answers 204 without a body. */
export function deleteJson(path: string, options: RequestOptions = {}): Promise<void> {
  return requestJson<void>('DELETE', path, undefined, options);
}

async function requestJson<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  requestBody: unknown,
  options: RequestOptions,
): Promise<T> {
  const url = buildUrl(path, options.query);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (requestBody !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: requestBody === undefined ? undefined : JSON.stringify(requestBody),
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiRequestError(0, ClientErrorCode.Network, errorMessage(error));
  }

  // 204 No Content (a logout, say) has no body to read.
  if (response.status === 204) return undefined as T;
  const body = await readJson(response);
  if (!response.ok) {
    const error = toApiRequestError(response, body);
    if (error.code === UNAUTHENTICATED) onUnauthenticated?.();
    else if (error.code === FORBIDDEN) onForbidden?.();
    throw error;
  }
  if (body === undefined) {
    throw new ApiRequestError(response.status, ClientErrorCode.BadResponse, `${url} did not answer JSON`);
  }
  return body as T;
}

export function buildUrl(path: string, query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_ROOT}${path}${search ? `?${search}` : ''}`;
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function toApiRequestError(response: Response, body: unknown): ApiRequestError {
  if (isApiError(body)) {
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    return new ApiRequestError(
      body.statusCode,
      body.code,
      body.message,
      body.issues ?? [],
      Number.isFinite(retryAfter) ? retryAfter : null,
    );
  }
  const reason = response.statusText || `HTTP ${response.status}`;
  return new ApiRequestError(response.status, `HTTP_${response.status}`, reason);
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return (
    typeof candidate.statusCode === 'number' &&
    typeof candidate.code === 'string' &&
    typeof candidate.message === 'string'
  );
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whatever a request threw, as an `ApiRequestError` the UI knows how to show. */
export function asApiRequestError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError(0, ClientErrorCode.BadResponse, errorMessage(error));
}
