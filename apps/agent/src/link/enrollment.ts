/**
 * Enrollment: the agent presents the fleet's enrollment secret once (`POST /api/agents/enroll`) and gets its
 * own agent id and token. Failures say what to do: check the URL, the secret, or what the server objected to.
 */
import type { EnrollmentRequest, EnrollmentResponse } from '@fleetmedic/protocol';
import { PROTOCOL_VERSION } from '@fleetmedic/protocol/constants';
import { describeError } from '../logging/logger';
import { AGENT_VERSION } from '../version';
import { type JsonResponse, postJson } from './post-json';
import { enrollmentUrl } from './server-url';

export const ENROLLMENT_TIMEOUT_MS = 15_000;

export type EnrollmentFailure =
  'UNREACHABLE' | 'WRONG_SECRET' | 'REJECTED' | 'SERVER_ERROR' | 'INVALID_RESPONSE';

export class EnrollmentError extends Error {
  constructor(
    readonly failure: EnrollmentFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }
}

export interface EnrollOptions {
  serverUrl: string;
  enrollSecret: string;
  hostname: string;
  /** Stable PC identity (MachineGuid): enrolling again with it keeps the host's id and history. */
  machineId?: string;
  timeoutMs?: number;
}

export async function enroll(options: EnrollOptions): Promise<EnrollmentResponse> {
  const url = enrollmentUrl(options.serverUrl);
  const request: EnrollmentRequest = {
    enrollSecret: options.enrollSecret,
    hostname: options.hostname,
    agentVersion: AGENT_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    ...(options.machineId === undefined ? {} : { machineId: options.machineId }),
  };
  let response: JsonResponse;
  try {
    response = await postJson(url, request, options.timeoutMs ?? ENROLLMENT_TIMEOUT_MS);
  } catch (error) {
    throw new EnrollmentError(
      'UNREACHABLE',
      `cannot reach the FleetMedic server at ${url} (${networkReason(error)}): check --server and that the server is running`,
    );
  }
  if (response.status >= 200 && response.status < 300) return parseEnrollmentResponse(response.body, url);
  throw failureFor(response.status, response.body);
}

function failureFor(status: number, body: unknown): EnrollmentError {
  const serverMessage = messageOf(body);
  if (status === 401 || status === 403) {
    return new EnrollmentError(
      'WRONG_SECRET',
      'the server refused the enrollment secret: check --enroll-secret against FLEETMEDIC_ENROLL_SECRET on the server' +
        (serverMessage === null ? '' : ` (${serverMessage})`),
      status,
    );
  }
  if (status >= 400 && status < 500) {
    return new EnrollmentError(
      'REJECTED',
      `the server rejected the enrollment (HTTP ${status}): ${serverMessage ?? 'no reason given'}`,
      status,
    );
  }
  return new EnrollmentError(
    'SERVER_ERROR',
    `the server failed to enroll this agent (HTTP ${status})${serverMessage === null ? '' : `: ${serverMessage}`}; try again later`,
    status,
  );
}

/** The server's error body is `{ statusCode, code, message, issues? }`; its issues name the offending fields. */
function messageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { message, issues } = body as { message?: unknown; issues?: unknown };
  if (typeof message !== 'string' || message === '') return null;
  if (!Array.isArray(issues) || issues.length === 0) return message;
  const details = issues
    .filter((issue): issue is { path: string; message: string } => {
      const candidate = issue as { path?: unknown; message?: unknown } | null;
      return typeof candidate?.path === 'string' && typeof candidate.message === 'string';
    })
    .map((issue) => `${issue.path}: ${issue.message}`);
  return details.length === 0 || message.includes(details[0] ?? '')
    ? message
    : `${message} (${details.join('; ')})`;
}

function parseEnrollmentResponse(body: unknown, url: string): EnrollmentResponse {
  const problem = describeEnrollmentResponseProblem(body);
  if (problem !== null) {
    throw new EnrollmentError('INVALID_RESPONSE', `unexpected answer from ${url}: ${problem}`);
  }
  return body as EnrollmentResponse;
}

export function describeEnrollmentResponseProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return 'expected a JSON object';
  const { agentId, agentToken, protocolVersion, serverPublicKey } = body as Record<string, unknown>;
  if (typeof agentId !== 'string' || !/^[0-9a-f-]{36}$/i.test(agentId)) return 'agentId must be a UUID';
  if (typeof agentToken !== 'string' || agentToken.length < 32)
    return 'agentToken must be at least 32 characters';
  if (typeof protocolVersion !== 'number' || !Number.isInteger(protocolVersion)) {
    return 'protocolVersion must be an integer';
  }
  if (typeof serverPublicKey !== 'string' || !isPublicKeyPem(serverPublicKey))
    return 'serverPublicKey must be a PEM public key';
  return null;
}

/** The socket error code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT) says most; the message otherwise. */
function networkReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : describeError(error);
}

/** A PEM public key, as the server hands it out to be pinned. */
export function isPublicKeyPem(value: string): boolean {
  return /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/.test(value);
}
