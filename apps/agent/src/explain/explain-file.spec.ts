/** `explain` from disk: a large CBS.log is streamed in bounded memory and reads as the whole file would. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CbsLogSummary, parseCbsLine } from '../host/windows/parsers';
import { explainOutput } from './explain';
import { explainFile } from './explain-file';

const FIXTURES = path.join(__dirname, '../host/windows/parsers/fixtures/cbs-log');

describe('explainFile', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-file-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('streams a CBS.log to the same findings as reading it whole', async () => {
    // Real logs one after the other: case B, a store corruption, a log without failures.
    const text = [
      'case-b-catroot2-kb5005030.log',
      'en-pastebin-q94z3v4c-store-corruption.log',
      'en-hofcake-cbs-head.log',
    ]
      .map((name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8'))
      .join('\n');
    const file = path.join(dir, 'CBS.log');
    fs.writeFileSync(file, text);

    const streamed = await explainFile(file, { streamFromBytes: 0 });
    const whole = explainOutput(file, fs.readFileSync(file));
    expect(streamed.detectedBy).toMatch(/streamed/);
    expect(streamed.kind).toBe('cbs-log');
    expect(streamed.updates).toEqual(whole.updates);
    expect(streamed.errors).toEqual(whole.errors);
    expect(streamed.knownIssues).toEqual(whole.knownIssues);
    expect(streamed.errors.map((error) => error.code)).toContain('0x8e5e03fa');
  });

  it('reads a small file, or one of another kind, whole', async () => {
    const file = path.join(FIXTURES, 'case-b-catroot2-kb5005030.log');
    const report = await explainFile(file);
    expect(report.detectedBy).not.toMatch(/streamed/);
    expect(report.updates[0]).toMatchObject({ kb: 'KB5005030', code: '0x8e5e03fa' });
  });

  it('keeps at most its limits of a million failure lines, counts them all, and says what it left out', () => {
    const [line] = fs
      .readFileSync(path.join(FIXTURES, 'case-b-catroot2-kb5005030.log'), 'utf8')
      .split(/\r?\n/)
      .filter((text) => text.includes('[HRESULT = 0x8e5e03fa') && text.includes('KB5005030'));
    const summary = new CbsLogSummary({ maxRecords: 10, maxLinesPerRecord: 5 });
    // Bursts of 4 failure lines, 30 lines apart: a new failed operation every burst.
    let lineNumber = 0;
    for (let burst = 0; burst < 250_000; burst += 1) {
      for (let index = 0; index < 4; index += 1) summary.add(parseCbsLine(line!, (lineNumber += 1))!);
      lineNumber += 30;
    }
    const { records, warnings } = summary.finish(lineNumber);
    expect(records).toHaveLength(10);
    expect(records.every((record) => record.evidence.length === 4 && record.kb === 'KB5005030')).toBe(true);
    expect(warnings).toEqual([
      `${lineNumber} lines read, 1000000 of them failure lines in 250000 failed operation(s); shown: the first 10 operations with at most 5 lines each (999960 failure lines only counted)`,
    ]);
  });
});
