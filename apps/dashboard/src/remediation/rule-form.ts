/**
 * The form that creates an auto-remediation rule, and the request it sends: a rule matches a known issue
 * (its playbook by default) or one exact fingerprint (a playbook must then be chosen), within tags, a daily
 * host limit and an optional expiry. Every field is checked against the API's limits before sending, so a
 * mistake is pointed at beside its field rather than answered by the server.
 */
import type { AutoRuleRequest } from '@fleetmedic/protocol';

export interface RuleForm {
  matchBy: 'knownIssue' | 'fingerprint';
  knownIssueId: string;
  fingerprint: string;
  /** Empty: the known issue's playbook. */
  playbookId: string;
  /** Separated by commas or spaces. */
  tags: string;
  /** From number inputs: a number, or '' when the field is empty. */
  maxHostsPerDay: number | '';
  /** Empty: the server's default, as for an approval. */
  parallelism: number | '';
  failureBudget: number | '';
  /** An `<input type="datetime-local">` value (`2026-12-01T18:00`, local time), or empty for no expiry. */
  expiresAt: string;
  note: string;
}

export type RuleField = keyof Omit<RuleForm, 'matchBy'>;

export const RULE_LIMITS = {
  maxHostsPerDay: { min: 1, max: 10_000 },
  parallelism: { min: 1, max: 100 },
  failureBudget: { min: 0, max: 10_000 },
  tags: 20,
  tagLength: 64,
  note: 500,
  fingerprint: { min: 3, max: 300 },
} as const;

export function newRuleForm(): RuleForm {
  return {
    matchBy: 'knownIssue',
    knownIssueId: '',
    fingerprint: '',
    playbookId: '',
    tags: '',
    maxHostsPerDay: 10,
    parallelism: '',
    failureBudget: '',
    expiresAt: '',
    note: '',
  };
}

/** Tags as typed: split at commas (also the Chinese ones) and white space, each once. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).filter((tag) => tag !== ''))];
}

const FINGERPRINT_PATTERN = /^[^:\s]+:\S.*:[^:\s]+$/;
const PLAYBOOK_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

export type RuleRequestResult = { ok: true; request: AutoRuleRequest } | { ok: false; problems: RuleField[] };

export interface RuleFormContext {
  now: Date;
  /** The playbook of the chosen known issue (null: it has none, so one must be chosen). */
  knownIssuePlaybook: string | null;
}

export function ruleRequestOf(
  form: RuleForm,
  { now, knownIssuePlaybook }: RuleFormContext,
): RuleRequestResult {
  const problems: RuleField[] = [];
  const tags = parseTags(form.tags);
  // maxHostsPerDay is filled in below, or the form has a problem and nothing is sent.
  const request: AutoRuleRequest = { tags, maxHostsPerDay: 0 };

  if (form.matchBy === 'knownIssue') {
    if (form.knownIssueId === '') problems.push('knownIssueId');
    else request.knownIssueId = form.knownIssueId;
  } else {
    const fingerprint = form.fingerprint.trim();
    const { min, max } = RULE_LIMITS.fingerprint;
    if (fingerprint.length < min || fingerprint.length > max || !FINGERPRINT_PATTERN.test(fingerprint))
      problems.push('fingerprint');
    else request.fingerprint = fingerprint;
  }

  if (form.playbookId !== '') {
    if (PLAYBOOK_ID_PATTERN.test(form.playbookId)) request.playbookId = form.playbookId;
    else problems.push('playbookId');
  } else if (form.matchBy === 'fingerprint' || (form.knownIssueId !== '' && knownIssuePlaybook === null)) {
    // Nothing to take the playbook from: a fingerprint has no known issue, or the known issue has none.
    problems.push('playbookId');
  }

  if (tags.length > RULE_LIMITS.tags || tags.some((tag) => tag.length > RULE_LIMITS.tagLength))
    problems.push('tags');

  for (const field of ['maxHostsPerDay', 'parallelism', 'failureBudget'] as const) {
    const value = form[field];
    if (value === '' && field !== 'maxHostsPerDay') continue;
    const { min, max } = RULE_LIMITS[field];
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
      request[field] = value;
    else problems.push(field);
  }

  if (form.expiresAt !== '') {
    const at = new Date(form.expiresAt);
    if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) problems.push('expiresAt');
    else request.expiresAt = at.toISOString();
  }

  const note = form.note.trim();
  if (note.length > RULE_LIMITS.note) problems.push('note');
  else if (note !== '') request.note = note;

  return problems.length > 0 ? { ok: false, problems } : { ok: true, request };
}
