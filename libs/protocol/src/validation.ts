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

/**
 * Bounds on what a refusal echoes back, whatever the size of the input: a 1 MB binary message (a Buffer,
 * each byte a key) made zod's one `Unrecognized keys: "0", "1", …` issue about 12 MB, which the ack carried
 * twice (24 MB, in `message` and `issues`) and the gateway wrote to the log.
 */
export const ISSUE_LIMITS = { issues: 20, pathLength: 200, messageLength: 300 } as const;

function clipped(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The first ISSUE_LIMITS.issues issues, each path and message cut to a readable length. */
export function describeIssues(error: z.ZodError): ProtocolIssue[] {
  return error.issues.slice(0, ISSUE_LIMITS.issues).map((issue) => ({
    path: clipped(formatIssuePath(issue.path), ISSUE_LIMITS.pathLength),
    message: clipped(issue.message, ISSUE_LIMITS.messageLength),
  }));
}

/**
 * One sentence for the first few issues: `observations[3].code: expected …; hostId: expected a UUID`.
 * `total` is how many issues there were in all, when the list was cut.
 */
export function summarizeIssues(issues: readonly ProtocolIssue[], max = 3, total = issues.length): string {
  const shown = issues.slice(0, max).map((issue) => `${issue.path}: ${issue.message}`);
  const more = total > max ? `; and ${total - max} more` : '';
  return shown.join('; ') + more;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ProtocolIssue[]; message: string };

/**
 * Where `value` holds binary data (socket.io hands binary attachments over as Buffers), or null. Every
 * message here is JSON; a schema would otherwise walk a binary payload byte by byte (about a second per MB)
 * before refusing it.
 */
export function findBinary(value: unknown, path: PropertyKey[] = [], depth = 0): string | null {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return formatIssuePath(path);
  if (value === null || typeof value !== 'object' || depth > 8) return null;
  const entries: [PropertyKey, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findBinary(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Validate once at a boundary; never throws. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const binaryAt = findBinary(input);
  if (binaryAt !== null) {
    const issue = { path: binaryAt, message: 'expected JSON data, got binary data' };
    return { ok: false, issues: [issue], message: `${issue.path}: ${issue.message}` };
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = describeIssues(result.error);
  return { ok: false, issues, message: summarizeIssues(issues, 3, result.error.issues.length) };
}
