/**
 * The agent's identity on disk (`agent.json` in the state directory): which server it enrolled with and the
 * id and token it got. Written atomically and readable by its owner only; read through a guard that says
 * exactly what is wrong with a damaged file.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../files/atomic-write';
import { isPublicKeyPem } from './enrollment';

export const CREDENTIALS_FILE = 'agent.json';

export interface AgentCredentials {
  serverUrl: string;
  agentId: string;
  agentToken: string;
  /** ISO 8601. */
  enrolledAt: string;
  /**
   * The server's job signing key (PEM), pinned at enrollment: only jobs it signed run here. Absent in
   * credentials from before remediation existed; such an agent runs no job until enrolled again.
   */
  serverPublicKey?: string;
}

export class CredentialsError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'CredentialsError';
  }
}

export function credentialsPath(stateDir: string): string {
  return join(stateDir, CREDENTIALS_FILE);
}

export async function writeCredentials(stateDir: string, credentials: AgentCredentials): Promise<string> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(stateDir);
  await writeFileAtomically(path, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
  return path;
}

/** The stored credentials, or null when the agent has not enrolled yet. Throws CredentialsError on a bad file. */
export async function readCredentials(stateDir: string): Promise<AgentCredentials | null> {
  const path = credentialsPath(stateDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CredentialsError(path, `cannot be read (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CredentialsError(path, 'is not valid JSON');
  }
  const problem = describeCredentialsProblem(value);
  if (problem !== null) throw new CredentialsError(path, problem);
  return value as AgentCredentials;
}

/** What is wrong with a parsed credentials file, or null when it is sound. */
export function describeCredentialsProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const record = value as Record<string, unknown>;
  for (const field of ['serverUrl', 'agentId', 'agentToken', 'enrolledAt'] as const) {
    const fieldValue = record[field];
    if (fieldValue === undefined) return `${field} is missing`;
    if (typeof fieldValue !== 'string' || fieldValue.length === 0)
      return `${field} must be a non-empty string`;
  }
  if (!/^https?:\/\/\S+$/.test(record.serverUrl as string)) return 'serverUrl must be an http(s) URL';
  if (Number.isNaN(Date.parse(record.enrolledAt as string)))
    return 'enrolledAt must be an ISO 8601 date-time';
  if (
    record.serverPublicKey !== undefined &&
    (typeof record.serverPublicKey !== 'string' || !isPublicKeyPem(record.serverPublicKey))
  )
    return 'serverPublicKey must be a PEM public key';
  return null;
}
