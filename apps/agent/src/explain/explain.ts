/**
 * `explain`: read one captured Windows output (a CBS.log, `sc query` output, event XML, …) the way the
 * agent reads a PC — detect its kind, parse it, decode every error code and match known issues — so that a
 * support engineer can read a log without the fleet.
 */
import {
  type CodeExplanation,
  type KnownIssueMatch,
  explainCode,
  matchKnownIssues,
  type Confirmation,
} from '@fleetmedic/knowledge';
import {
  OUTPUT_KINDS,
  OUTPUT_KIND_DESCRIPTIONS,
  type EvidenceLine,
  type OutputKind,
  type ParsedOutput,
  decodeOutput,
  parseWindowsOutput,
} from '../host/windows/parsers';
import { type Failure, collectFindings } from './collect-findings';
import {
  EXPLAIN_FORMAT_VERSION,
  type ExplainReport,
  type ExplainedError,
  type ExplainedKnownIssue,
  type FailureContext,
} from './explain-report';

export interface ExplainOptions {
  /** Parse as this kind instead of detecting it. */
  kind?: OutputKind;
  /** The console code page the output was written in, when it is neither UTF-8 nor UTF-16 (936, 866…). */
  codePage?: number;
}

export function explainOutput(file: string, bytes: Uint8Array, options: ExplainOptions = {}): ExplainReport {
  const decoded = decodeOutput(bytes, options.codePage);
  return explainParsed(file, parseWindowsOutput(decoded.text, options.kind), decoded.encoding);
}

/** The report of an output already parsed (by `explainOutput`, or streamed by `explainFile`). */
export function explainParsed(file: string, parsed: ParsedOutput, encoding: string): ExplainReport {
  const findings = collectFindings(parsed);
  const errors = explainFailures(findings.failures);
  const report: ExplainReport = {
    formatVersion: EXPLAIN_FORMAT_VERSION,
    file,
    kind: parsed.kind,
    kindDescription:
      parsed.kind === 'unknown' || parsed.kind === 'binary' ? null : OUTPUT_KIND_DESCRIPTIONS[parsed.kind],
    detectedBy: parsed.reason,
    encoding,
    services: findings.services,
    updates: findings.updates,
    registryKeys: findings.registryKeys,
    errors,
    knownIssues: uniqueIssues(errors.flatMap((error) => error.knownIssues)),
    warnings: findings.warnings,
  };
  if (parsed.kind === 'unknown' || parsed.kind === 'binary') {
    report.supportedKinds = OUTPUT_KINDS.map((kind) => ({
      kind,
      description: OUTPUT_KIND_DESCRIPTIONS[kind],
    }));
  }
  return report;
}

/** One entry per distinct code, in the order the output shows them, with every context and line. */
function explainFailures(failures: readonly Failure[]): ExplainedError[] {
  const byCode = new Map<string, { failures: Failure[] }>();
  for (const failure of failures) {
    const entry = byCode.get(failure.ref.code) ?? { failures: [] };
    entry.failures.push(failure);
    byCode.set(failure.ref.code, entry);
  }
  return [...byCode.entries()].map(([code, { failures: group }]) => {
    const explanation = explainCode(code);
    const printedSymbol =
      group.map((failure) => failure.ref.symbol).find((symbol) => symbol !== null) ?? null;
    const evidence = mergeEvidence(group.flatMap((failure) => failure.evidence));
    const contexts = uniqueContexts(group.map((failure) => failure.context));
    return {
      code,
      shownAs: [...new Set(group.map((failure) => failure.ref.codeOriginal))],
      symbol: printedSymbol ?? explanation.symbol,
      symbols: symbolsOf(explanation, printedSymbol),
      family: explanation.kind,
      facility: explanation.decoded.facilityName ?? null,
      win32: explanation.decoded.win32 ?? null,
      jet: explanation.decoded.jet ?? null,
      meaning: explanation.meaning
        ? { en: explanation.meaning.en, 'zh-CN': explanation.meaning['zh-CN'] }
        : null,
      source: explanation.source,
      contexts,
      evidence,
      knownIssues: knownIssuesFor(code, contexts, evidence),
    };
  });
}

function symbolsOf(explanation: CodeExplanation, printed: string | null): string[] {
  const all = printed === null ? explanation.symbols : [printed, ...explanation.symbols];
  return [...new Set(all)];
}

function mergeEvidence(lines: readonly EvidenceLine[]): EvidenceLine[] {
  const seen = new Map<string, EvidenceLine>();
  for (const line of lines) seen.set(`${line.line}\u0000${line.text}`, line);
  return [...seen.values()].sort((a, b) => a.line - b.line);
}

function uniqueContexts(contexts: readonly (FailureContext | null)[]): FailureContext[] {
  const seen = new Map<string, FailureContext>();
  for (const context of contexts)
    if (context) seen.set(`${context.check}:${context.target.toLowerCase()}`, context);
  return [...seen.values()];
}

/**
 * Known issues by each context's fingerprint. A code with no context (esentutl, a bare DISM error) is asked
 * as an update failure of any KB: the catalog's `patch:*:<code>` entries are about exactly that.
 */
function knownIssuesFor(
  code: string,
  contexts: readonly FailureContext[],
  evidence: readonly EvidenceLine[],
) {
  const asked = contexts.length > 0 ? contexts : [{ check: 'patch', target: '*' } satisfies FailureContext];
  const lines = evidence.map((line) => line.text);
  const matches = asked.flatMap((context) =>
    matchKnownIssues({ check: context.check, target: context.target, code, evidence: lines }),
  );
  return uniqueIssues(matches.map(toExplainedIssue));
}

function describeConfirmation(confirmation: Confirmation): string {
  return confirmation.kind === 'evidence-line' ? confirmation.line : `${confirmation.reportedKey} is present`;
}

function toExplainedIssue(match: KnownIssueMatch): ExplainedKnownIssue {
  const { issue } = match;
  return {
    id: issue.id,
    title: { en: issue.title.en, 'zh-CN': issue.title['zh-CN'] },
    fingerprint: match.fingerprint,
    confirmed: match.confirmed,
    confirmedBy: match.confirmations.map(describeConfirmation),
    diagnosis: { en: issue.diagnosis.en, 'zh-CN': issue.diagnosis['zh-CN'] },
    fix: { en: issue.fix.en, 'zh-CN': issue.fix['zh-CN'] },
    playbook: issue.playbook,
    risk: issue.risk,
    source: issue.source,
  };
}

/** The same issue matched twice keeps its confirmed form; confirmed issues come first. */
function uniqueIssues(issues: readonly ExplainedKnownIssue[]): ExplainedKnownIssue[] {
  const byId = new Map<string, ExplainedKnownIssue>();
  for (const issue of issues) {
    const known = byId.get(issue.id);
    if (!known || (!known.confirmed && issue.confirmed)) byId.set(issue.id, issue);
  }
  return [...byId.values()].sort((a, b) => Number(b.confirmed) - Number(a.confirmed));
}

export type { ExplainReport } from './explain-report';
