/**
 * Starts a real server on a free port with a fresh SQLite file, for integration specs, and helpers that
 * speak the protocol the way an agent does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  AGENTS_NAMESPACE,
  LIVE_NAMESPACE,
  PROTOCOL_VERSION,
  type AgentToServerEvents,
  type EnrollmentResponse,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
  type ServerToAgentEvents,
} from '@fleetmedic/protocol';
import { type Socket, io } from 'socket.io-client';
import { loadConfig } from '../config/config';
import type { ServerConfig } from '../config/config.schema';
import { type RunningServer, startServer } from '../server';

export const TEST_ENROLL_SECRET = 'test-enroll-secret-0123456789';
/** FLEETMEDIC_BOOTSTRAP_TOKEN of every test server: an admin API token. */
export const TEST_ADMIN_TOKEN = 'test-bootstrap-token-0123456789abcdef';
export const TEST_ADMIN_PASSWORD = 'test-admin-password-0123';

export interface TestServer extends RunningServer {
  dir: string;
  config: ServerConfig;
  /** Every log line the server wrote, for assertions about what is (not) logged. */
  logs: string[];
  stop(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}, dir?: string): Promise<TestServer> {
  const workDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fleetmedic-server-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${path.join(workDir, 'fleetmedic.sqlite')}`,
    FLEETMEDIC_ENROLL_SECRET: TEST_ENROLL_SECRET,
    FLEETMEDIC_BOOTSTRAP_TOKEN: TEST_ADMIN_TOKEN,
    FLEETMEDIC_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    FLEETMEDIC_DATA_DIR: workDir,
    FLEETMEDIC_DASHBOARD_DIR: path.join(workDir, 'no-dashboard'),
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startServer(config, { logDestination: destination });
  return {
    ...server,
    dir: workDir,
    config,
    logs,
    stop: async () => {
      await server.close();
    },
  };
}

export async function enroll(
  server: Pick<RunningServer, 'url'>,
  hostname: string,
  extra: Record<string, unknown> = {},
): Promise<EnrollmentResponse> {
  const response = await fetch(`${server.url}/api/agents/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      enrollSecret: TEST_ENROLL_SECRET,
      hostname,
      agentVersion: '0.1.0-test',
      protocolVersion: PROTOCOL_VERSION,
      ...extra,
    }),
  });
  if (response.status !== 201) throw new Error(`enroll failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as EnrollmentResponse;
}

export type TestAgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

export function agentSocket(
  server: Pick<RunningServer, 'url'>,
  auth: Record<string, unknown>,
): TestAgentSocket {
  return io(`${server.url}${AGENTS_NAMESPACE}`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
}

/** Resolves when connected; rejects with the server's refusal. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

export async function connectAgent(
  server: Pick<RunningServer, 'url'>,
  enrollment: EnrollmentResponse,
): Promise<TestAgentSocket> {
  const socket = agentSocket(server, {
    agentId: enrollment.agentId,
    token: enrollment.agentToken,
    protocolVersion: PROTOCOL_VERSION,
  });
  await connected(socket);
  return socket;
}

export type TestLiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** A dashboard connection to `/live`, signed in with an API token (the admin's unless given). */
export async function liveSocket(
  server: Pick<RunningServer, 'url'>,
  token: string = TEST_ADMIN_TOKEN,
): Promise<TestLiveSocket> {
  const socket: TestLiveSocket = io(`${server.url}${LIVE_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await connected(socket);
  return socket;
}

export const adminHeaders = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** GET with the admin's API token (or the headers given). */
export async function getJson<T>(
  server: Pick<RunningServer, 'url'>,
  route: string,
  headers: Record<string, string> = adminHeaders,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${route}`, { headers });
  return { status: response.status, body: (await response.json()) as T };
}
