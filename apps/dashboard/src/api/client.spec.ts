import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { fakeFetch } from '../testing/fake-fetch';
import { jsonResponse } from '../testing/factories';
import {
  ApiRequestError,
  buildUrl,
  getJson,
  postJson,
  requiredRoleOf,
  setForbiddenHandler,
  setUnauthenticatedHandler,
} from './client';
import { getHost } from './hosts';
import { createAutoRule, deleteAutoRule } from './auto-rules';
import { acknowledgeIncident, getIncident, listIncidents } from './incidents';
import { approveRemediation, listJobs } from './remediation';

afterEach(() => {
  jest.restoreAllMocks();
  setUnauthenticatedHandler(undefined);
  setForbiddenHandler(undefined);
});

async function failureOf(request: Promise<unknown>): Promise<ApiRequestError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ApiRequestError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('api client', () => {
  it('tells the one handler when a session is gone, and only then', async () => {
    const told: string[] = [];
    setUnauthenticatedHandler(() => told.push('signed out'));
    setForbiddenHandler(() => told.push('role too low'));
    fakeFetch({
      '/api/hosts': () =>
        jsonResponse(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in first.' }),
      '/api/audit': () =>
        jsonResponse(403, {
          statusCode: 403,
          code: 'FORBIDDEN',
          message: 'This needs the approver role or higher; olga acts as operator.',
        }),
      '/api/auth/login': () =>
        jsonResponse(401, {
          statusCode: 401,
          code: 'INVALID_CREDENTIALS',
          message: 'Wrong user name or password.',
        }),
    });
    expect((await failureOf(getJson('/hosts'))).code).toBe('UNAUTHENTICATED');
    expect(told).toEqual(['signed out']);
    const forbidden = await failureOf(getJson('/audit'));
    expect(told).toEqual(['signed out', 'role too low']);
    expect(requiredRoleOf(forbidden)).toBe('approver');
    // A wrong password is not a lost session: the sign-in page says it, nobody is sent anywhere.
    expect((await failureOf(postJson('/auth/login', { username: 'olga', password: 'x' }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(told).toEqual(['signed out', 'role too low']);
  });

  it('reads how long to wait from Retry-After, and the missing role only from a refusal that names one', async () => {
    fakeFetch({
      '/api/auth/login': () =>
        new Response(
          JSON.stringify({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed logins.' }),
          { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '840' } },
        ),
    });
    expect(await failureOf(postJson('/auth/login', {}))).toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: 840,
    });
    expect(
      requiredRoleOf(new ApiRequestError(403, 'FORBIDDEN', 'A token cannot mint a stronger token.')),
    ).toBe(null);
    expect(requiredRoleOf(new ApiRequestError(400, 'INVALID_REQUEST', 'This needs the admin role'))).toBe(
      null,
    );
  });

  it('builds relative URLs under /api, leaving out absent parameters', () => {
    expect(buildUrl('/fleet/history', { minutes: 60, since: undefined })).toBe(
      '/api/fleet/history?minutes=60',
    );
    expect(buildUrl('/hosts')).toBe('/api/hosts');
  });

  it("carries the server's code, message and issues on an error answer", async () => {
    fakeFetch({
      '/api/hosts/nope': () =>
        jsonResponse(400, {
          statusCode: 400,
          code: 'INVALID_REQUEST',
          message: 'The host id must be a UUID.',
          issues: [{ path: 'id', message: 'expected a UUID' }],
        }),
    });

    const error = await failureOf(getHost('nope'));

    expect(error).toMatchObject({
      statusCode: 400,
      code: 'INVALID_REQUEST',
      message: 'The host id must be a UUID.',
    });
    expect(error.issues).toEqual([{ path: 'id', message: 'expected a UUID' }]);
  });

  it('names the HTTP status when a proxy answers with a page instead of JSON', async () => {
    fakeFetch({
      '/api/hosts': () =>
        new Response('<h1>Bad gateway</h1>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    });

    const error = await failureOf(getJson('/hosts'));

    expect(error).toMatchObject({ statusCode: 502, code: 'HTTP_502', message: 'Bad Gateway' });
  });

  it('reports a network failure and a success that is not JSON with codes of its own', async () => {
    fakeFetch({
      '/api/text': () => new Response('ok', { status: 200, headers: { 'content-type': 'text/plain' } }),
    });

    expect((await failureOf(getJson('/down'))).code).toBe('NETWORK_ERROR');
    expect((await failureOf(getJson('/text'))).code).toBe('BAD_RESPONSE');
  });

  it('asks for incidents by status, and acknowledges with a POST and no body', async () => {
    const seen: string[] = [];
    fakeFetch({
      '/api/incidents': (url) => {
        seen.push(`GET ${url.search}`);
        return jsonResponse(200, { incidents: [] });
      },
      '/api/incidents/abc/ack': (_url, init) => {
        seen.push(`${init?.method} body=${init?.body === undefined ? 'none' : 'some'}`);
        return jsonResponse(200, {});
      },
    });

    await listIncidents('resolved');
    await acknowledgeIncident('abc');

    expect(seen).toEqual(['GET ?status=resolved', 'POST body=none']);
  });

  it("carries the server's code for an incident that does not exist", async () => {
    fakeFetch({
      '/api/incidents/nope': () =>
        jsonResponse(404, { statusCode: 404, code: 'INCIDENT_NOT_FOUND', message: 'No incident nope.' }),
    });

    expect(await failureOf(getIncident('nope'))).toMatchObject({
      statusCode: 404,
      code: 'INCIDENT_NOT_FOUND',
    });
  });

  it('speaks the remediation routes: approve with a JSON body, jobs by incident, rules created and deleted', async () => {
    const seen: string[] = [];
    fakeFetch({
      '/api/incidents/abc/approve': (_url, init) => {
        seen.push(`${init?.method} ${init?.body as string}`);
        return jsonResponse(201, { id: 'r1' });
      },
      '/api/jobs': (url) => {
        seen.push(`GET ${url.search}`);
        return jsonResponse(200, { jobs: [] });
      },
      '/api/auto-remediation-rules': (_url, init) => {
        seen.push(`${init?.method} ${init?.body as string}`);
        return jsonResponse(201, { id: 'rule-1' });
      },
      '/api/auto-remediation-rules/rule-1': (_url, init) => {
        seen.push(`${init?.method}`);
        return new Response(null, { status: 204 });
      },
    });

    await approveRemediation('abc', { parallelism: 2 });
    await listJobs('abc');
    await createAutoRule({ knownIssueId: 'k', maxHostsPerDay: 3 });
    await expect(deleteAutoRule('rule-1')).resolves.toBeUndefined();

    expect(seen).toEqual([
      'POST {"parallelism":2}',
      'GET ?incident=abc',
      'POST {"knownIssueId":"k","maxHostsPerDay":3}',
      'DELETE',
    ]);
  });
});
