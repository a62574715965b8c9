/**
 * The closed set of steps this agent can run, and what each step's fields may hold. A job step of another
 * kind, a missing field, or a field outside its pattern (a quote, a pipe, a path outside %SystemRoot%) is
 * refused before anything runs: the agent runs typed steps, never text the server made up.
 */
import type { JobStep } from '@fleetmedic/protocol/remediation-job';

const SERVICE = /^[A-Za-z0-9_.-]{1,64}$/;
const REGISTRY_KEY = /^HKLM\\[A-Za-z0-9 _.\\{}-]{1,250}$/;
const SYSTEM_PATH = /^%SystemRoot%\\[A-Za-z0-9 _.\\{}-]{1,250}$/;
const BACKUP = /^[a-z0-9-]{1,64}$/;
const KB = /^KB\d{6,8}$/;

type FieldRule = RegExp | 'milliseconds' | 'RUNNING' | true;

/** Every step kind with the fields it needs (and no others). */
export const STEP_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  'service.stop': { service: SERVICE },
  'service.start': { service: SERVICE },
  'service.restart': { service: SERVICE },
  'registry.export': { key: REGISTRY_KEY, backup: BACKUP },
  'registry.delete': { key: REGISTRY_KEY, backup: BACKUP },
  'registry.import': { backup: BACKUP },
  'esentutl.check': { database: SYSTEM_PATH },
  'esentutl.repair': { database: SYSTEM_PATH, backup: BACKUP },
  'folder.backup': { path: SYSTEM_PATH, backup: BACKUP },
  'folder.empty': { path: SYSTEM_PATH, backup: BACKUP },
  'folder.restore': { path: SYSTEM_PATH, backup: BACKUP },
  'update.install': { kb: KB },
  wait: { ms: 'milliseconds' },
  'verify.service': { service: SERVICE, state: 'RUNNING' },
  'verify.update': { kb: KB, installed: true },
};

/** What is wrong with a step, or null when this agent can run it as it is. */
export function stepProblem(step: JobStep, index: number): string | null {
  const where = `steps[${index}]`;
  const rules = Object.hasOwn(STEP_FIELDS, step.kind) ? STEP_FIELDS[step.kind] : undefined;
  if (!rules) return `${where}.kind: ${JSON.stringify(step.kind)} is not a step this agent runs`;
  for (const field of Object.keys(step))
    if (field !== 'kind' && !Object.hasOwn(rules, field))
      return `${where}.${field}: not a field of ${step.kind}`;
  for (const [field, rule] of Object.entries(rules)) {
    const value = step[field];
    const fits =
      rule === 'milliseconds'
        ? Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 600_000
        : rule === true || rule === 'RUNNING'
          ? value === rule
          : typeof value === 'string' && rule.test(value);
    if (!fits) return `${where}.${field}: ${JSON.stringify(value)} is not allowed for ${step.kind}`;
  }
  return null;
}
