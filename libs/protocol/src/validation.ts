/** Turning schema failures into errors that name the offending field, for agents, APIs and logs alike. */
import type { z } from 'zod';
import type { ProtocolIssue } from './agent-messages';

/** `['observations', 3, 'code']` → `observations[3].code`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(message)' : out;
}

export function describeIssues(error: z.ZodError): ProtocolIssue[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

/** One sentence for the first few issues: `observations[3].code: expected …; hostId: expected a UUID`. */
export function summarizeIssues(issues: readonly ProtocolIssue[], max = 3): string {
  const shown = issues.slice(0, max).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ProtocolIssue[]; message: string };

/** Validate once at a boundary; never throws. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = describeIssues(result.error);
  return { ok: false, issues, message: summarizeIssues(issues) };
}
