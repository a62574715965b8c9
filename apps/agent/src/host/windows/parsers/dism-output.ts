/**
 * DISM console output (/CheckHealth, /ScanHealth, /RestoreHealth, /Add-Package, /Enable-Feature …) to one
 * record per DISM run. DISM translates every word (`Error` / `错误` / `Ошибка`, `Image Version` / `映像版本`),
 * so runs are found by their two version lines (`<label>: 10.0.19041.1`), the result by the progress bar
 * and by a `<label>: 0x800f081f` (or `<label>: 87`) error line, and the package by its CBS identity.
 */
import { codeRef, findKb, findPackages } from './codes';
import { splitLines } from './lines';
import type { CodeRef, EvidenceLine, ParseResult, UpdateRecord } from './types';

export interface DismRun {
  dismVersion: string | null;
  imageVersion: string | null;
  /** The servicing switch of the command line when it is part of the capture (`/RestoreHealth`). */
  operation: string | null;
  packages: string[];
  kb: string | null;
  /** The progress bar reached 100 %. */
  completed: boolean;
  failure: CodeRef | null;
  evidence: EvidenceLine[];
}

export interface DismOutput extends ParseResult<UpdateRecord> {
  runs: DismRun[];
}

const VERSION_LINE = /^\s*[^:：]{1,40}[:：]\s*(\d+\.\d+\.\d+\.\d+)\s*$/;
const ERROR_LINE = /^\s*[^\s:：\d[][^:：[]{0,30}[:：]\s*(0x[0-9a-fA-F]{8}|-?\d{1,10})\s*$/;
const PROGRESS = /\[=*\s*(\d{1,3}(?:\.\d)?)%\s*=*\s*\]/;
const COMMAND = /\bdism(?:\.exe)?\s/i;
const OPERATIONS = [
  'restorehealth',
  'scanhealth',
  'checkhealth',
  'startcomponentcleanup',
  'analyzecomponentstore',
  'enable-feature',
  'disable-feature',
  'add-package',
  'remove-package',
  'add-capability',
  'add-driver',
] as const;

function newRun(): DismRun {
  return {
    dismVersion: null,
    imageVersion: null,
    operation: null,
    packages: [],
    kb: null,
    completed: false,
    failure: null,
    evidence: [],
  };
}

function operationOf(text: string): string | null {
  for (const match of text.matchAll(/\/([A-Za-z-]+)/g)) {
    const name = match[1]?.toLowerCase();
    if (name !== undefined && (OPERATIONS as readonly string[]).includes(name)) return `/${match[1] ?? name}`;
  }
  return null;
}

export function parseDismOutput(text: string): DismOutput {
  const lines = splitLines(text);
  const runs: DismRun[] = [];
  let run = newRun();
  let pendingOperation: string | null = null;
  let inErrorMessage = false;
  let messageLines = 0;

  const keep = (): void => {
    if (run.dismVersion !== null || run.failure !== null || run.evidence.length > 0) {
      const byLine = new Map(run.evidence.map((line) => [line.line, line]));
      run.evidence = [...byLine.values()].sort((a, b) => a.line - b.line);
      runs.push(run);
    }
  };

  for (const line of lines) {
    const version = VERSION_LINE.exec(line.text)?.[1];
    if (version !== undefined) {
      inErrorMessage = false;
      if (
        run.imageVersion !== null ||
        (run.dismVersion !== null && (run.completed || run.failure !== null))
      ) {
        keep();
        run = newRun();
      }
      if (run.dismVersion === null) {
        run.dismVersion = version;
        run.operation = pendingOperation;
        pendingOperation = null;
      } else {
        run.imageVersion = version;
      }
      continue;
    }
    if (COMMAND.test(line.text)) {
      pendingOperation = operationOf(line.text) ?? pendingOperation;
      inErrorMessage = false;
      continue;
    }
    // Identities before the first version lines belong to no DISM run (a wrapper script listing its files).
    const identities = run.dismVersion === null ? [] : findPackages(line.text);
    for (const identity of identities) {
      if (!run.packages.includes(identity)) run.packages.push(identity);
    }
    if (identities.length > 0) run.evidence.push(line);
    const progress = PROGRESS.exec(line.text)?.[1];
    if (progress !== undefined) {
      if (Number(progress) >= 100) {
        run.completed = true;
        run.evidence.push(line);
      }
      continue;
    }
    const error = ERROR_LINE.exec(line.text)?.[1];
    if (error !== undefined) {
      const ref = codeRef(error, error, error.startsWith('0x') ? 'hresult' : 'win32');
      if (ref !== null && ref.code !== '0x00000000') {
        run.failure ??= ref;
        run.evidence.push(line);
        inErrorMessage = true;
        messageLines = 0;
        continue;
      }
    }
    if (line.text.trim() === '') {
      if (inErrorMessage && messageLines > 0) inErrorMessage = false;
      continue;
    }
    // The localized explanation DISM prints under the error line.
    if (inErrorMessage) {
      run.evidence.push(line);
      messageLines += 1;
    }
  }
  keep();

  for (const item of runs) {
    item.kb = item.packages.map(findKb).find((kb) => kb !== null) ?? null;
  }
  const records: UpdateRecord[] = runs
    .filter((item) => item.failure !== null || item.packages.length > 0)
    .map((item) => ({
      kb: item.kb,
      package: item.packages.find((identity) => findKb(identity) !== null) ?? item.packages[0] ?? null,
      result: item.failure !== null ? 'failed' : item.completed ? 'succeeded' : 'unknown',
      failure: item.failure,
      title: null,
      at: null,
      evidence: item.evidence,
    }));
  const warnings = runs.length === 0 ? ['no DISM run (version lines, progress bar or error line) found'] : [];
  return { records, runs, warnings };
}
