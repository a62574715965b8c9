/**
 * Remediation jobs on the wire, and their Ed25519 signatures. The server signs each job with its private
 * key; the agent, which pinned the server's public key at enrollment, runs only jobs whose signature
 * verifies over exactly these bytes. Zod-free and free of the main entry point, so the agent loads only
 * this (`@fleetmedic/protocol/remediation-job`) and the dashboard never loads node:crypto.
 */
import { type KeyObject, createPublicKey, sign, verify } from 'node:crypto';

/** A step of a playbook as the job carries it: a kind from the agent's closed set and its typed fields. */
export interface JobStep {
  kind: string;
  [field: string]: string | number | boolean;
}

export interface RemediationJob {
  jobId: string;
  hostId: string;
  incidentId: string;
  playbookId: string;
  playbookVersion: number;
  steps: JobStep[];
  issuedAt: string;
  /** After this the agent refuses the job (it waited too long for its PC to come online). */
  expiresAt: string;
}

export interface SignedJob {
  job: RemediationJob;
  /** Ed25519 over `canonicalJson(job)`, base64. */
  signature: string;
}

/** JSON with object keys sorted at every level: the same job always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function signJob(job: RemediationJob, privateKey: KeyObject): SignedJob {
  return {
    job,
    signature: sign(null, Buffer.from(canonicalJson(job), 'utf8'), privateKey).toString('base64'),
  };
}

/** True only when `signature` is the server key's signature of exactly `job`. */
export function jobSignatureValid(signed: SignedJob, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(
      null,
      Buffer.from(canonicalJson(signed.job), 'utf8'),
      key,
      Buffer.from(signed.signature, 'base64'),
    );
  } catch {
    return false;
  }
}
