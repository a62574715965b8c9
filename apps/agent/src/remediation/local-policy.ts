/**
 * This PC's remediation policy, decided on the PC and never by the server: whether it runs remediation jobs
 * at all, and which playbooks. `fleetmedic-agent run --remediation on|off --allow-playbooks id,id|all` sets
 * it and keeps it in the state directory (`remediation-policy.json`), so that the service, started without
 * options, keeps what an administrator chose; an option given later replaces the kept value.
 *
 * By default remediation is on for every playbook this agent knows: a job still runs only when an operator
 * approved it on the server (or an auto-remediation rule did) and it is signed with the key pinned at
 * enrollment. A PC that must never be changed remotely says `--remediation off`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAYBOOK_IDS } from '@fleetmedic/knowledge/known-issue';
import { writeFileAtomically } from '../files/atomic-write';
import type { RemediationPolicy } from './job-guard';

export const REMEDIATION_POLICY_FILE = 'remediation-policy.json';

export const DEFAULT_REMEDIATION_POLICY: RemediationPolicy = { enabled: true, allowedPlaybooks: 'all' };

/** The policy options as given on the command line; absent ones keep the stored or default value. */
export interface PolicyOptions {
  remediation?: boolean;
  allowPlaybooks?: readonly string[] | 'all';
}

export class PolicyFileError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}; fix it or set the policy again with --remediation and --allow-playbooks`);
    this.name = 'PolicyFileError';
  }
}

/** `--remediation on|off`. */
export function parseRemediationSwitch(value: string): boolean {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(`expected on or off, got "${value}"`);
}

/** `--allow-playbooks id,id` or `all`: every id must be a playbook this agent knows. */
export function parsePlaybookList(value: string): readonly string[] | 'all' {
  if (value.trim() === 'all') return 'all';
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) throw new Error(`expected playbook ids separated by commas, or all; got "${value}"`);
  const unknown = ids.find((id) => !(PLAYBOOK_IDS as readonly string[]).includes(id));
  if (unknown !== undefined)
    throw new Error(`unknown playbook "${unknown}"; known: ${PLAYBOOK_IDS.join(', ')} (or all)`);
  return [...new Set(ids)];
}

/** The options over what is kept over the default; given options are kept for the next start. */
export async function resolveLocalPolicy(
  stateDir: string,
  given: PolicyOptions,
): Promise<{ policy: RemediationPolicy; kept: string }> {
  const path = join(stateDir, REMEDIATION_POLICY_FILE);
  // Both options given replace the kept policy whole, so a damaged file is repaired by giving both.
  const complete = given.remediation !== undefined && given.allowPlaybooks !== undefined;
  const stored = complete ? null : await readPolicyFile(path);
  const policy: RemediationPolicy = {
    enabled: given.remediation ?? stored?.enabled ?? DEFAULT_REMEDIATION_POLICY.enabled,
    allowedPlaybooks:
      given.allowPlaybooks ?? stored?.allowedPlaybooks ?? DEFAULT_REMEDIATION_POLICY.allowedPlaybooks,
  };
  if (given.remediation !== undefined || given.allowPlaybooks !== undefined)
    await writeFileAtomically(path, `${JSON.stringify(policy, null, 2)}\n`, 0o644);
  return { policy, kept: path };
}

/** `remediation on for all playbooks`: the policy as a log line says it. */
export function describePolicy(policy: RemediationPolicy): string {
  if (!policy.enabled) return 'remediation off';
  return `remediation on for ${
    policy.allowedPlaybooks === 'all' ? 'all playbooks' : `playbooks ${policy.allowedPlaybooks.join(', ')}`
  }`;
}

async function readPolicyFile(path: string): Promise<RemediationPolicy | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PolicyFileError(path, `cannot be read (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PolicyFileError(path, 'is not valid JSON');
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof record.enabled !== 'boolean') throw new PolicyFileError(path, 'enabled must be true or false');
  const allowed = record.allowedPlaybooks;
  if (allowed === 'all') return { enabled: record.enabled, allowedPlaybooks: 'all' };
  if (!Array.isArray(allowed) || !allowed.every((id) => typeof id === 'string'))
    throw new PolicyFileError(path, 'allowedPlaybooks must be "all" or a list of playbook ids');
  try {
    return { enabled: record.enabled, allowedPlaybooks: parsePlaybookList(allowed.join(',') || ' ') };
  } catch (error) {
    throw new PolicyFileError(path, `allowedPlaybooks: ${(error as Error).message}`);
  }
}
