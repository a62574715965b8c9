/**
 * `explain` from disk: a large CBS.log or WindowsUpdate.log is streamed in bounded memory and reads as the
 * whole file would; what it leaves out of a huge one is counted, never lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { explainOutput } from './explain';
import { explainFile, explainLogStream } from './explain-file';
import type { ExplainReport } from './explain-report';
import { renderExplainText } from './render-text';
import { DEFAULT_RETENTION_LIMITS } from './update-retention';

const FIXTURES = path.join(__dirname, '../host/windows/parsers/fixtures');
const fixture = (relative: string): Buffer => fs.readFileSync(path.join(FIXTURES, relative));

/** Real CBS.logs one after the other: case B, a store corruption, CBS_E_INVALID_PACKAGE, dism.log lines. */
const CBS_LOGS = [
  'cbs-log/case-b-catroot2-kb5005030.log',
  'cbs-log/en-pastebin-q94z3v4c-store-corruption.log',
  'cbs-log/en-hofcake-cbs-head.log',
  'cbs-log/en-nroach44-dism-log.log',
];
const WINDOWS_UPDATE_LOGS = [
  'windows-update-log/en-chiepsilon-19-etw-bits-failed.log',
  'windows-update-log/en-legacyupdate-115-report-wrapped.log',
  'windows-update-log/en-wpp-4-etw-download-table.log',
];

/** The report without what only a streamed one says (how it was read, and the counts it adds). */
function findings(report: ExplainReport) {
  const { detectedBy: _detectedBy, errors, ...rest } = report;
  return { ...rest, errors: errors.map(({ occurrences: _occurrences, ...error }) => error) };
}

/** `bytes` in pieces of `size` bytes, as a read stream hands them over. */
async function* piecesOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

describe('explainFile', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-file-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeLog(name: string, bytes: Uint8Array): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  it('streams a CBS.log to the report a whole read gives', async () => {
    const file = writeLog('CBS.log', Buffer.concat(CBS_LOGS.map(fixture)));
    const streamed = await explainFile(file, { streamFromBytes: 0 });
    const whole = explainOutput(file, fs.readFileSync(file));
    expect(streamed.detectedBy).toBe(`${whole.detectedBy} (streamed: ${fs.statSync(file).size} bytes)`);
    expect(findings(streamed)).toEqual(findings(whole));
    expect(streamed.errors.map((error) => error.code)).toEqual([
      '0x8e5e03fa',
      '0x800f0831',
      '0x800f0805',
      '0x80070002',
    ]);
    expect(streamed.errors[0]?.occurrences).toEqual({ failures: 1, lines: 9, truncated: false });
    expect(streamed.knownIssues[0]).toMatchObject({
      id: 'catroot2-catalog-database-corrupt',
      confirmed: true,
    });
  });

  it('streams a WindowsUpdate.log (wrapped lines joined) to the report a whole read gives', async () => {
    for (const name of WINDOWS_UPDATE_LOGS) {
      const file = writeLog('WindowsUpdate.log', fixture(name));
      const streamed = await explainFile(file, { streamFromBytes: 0 });
      expect(streamed.kind).toBe('windows-update-log');
      expect(findings(streamed)).toEqual(findings(explainOutput(file, fs.readFileSync(file))));
    }
  });

  it('decodes UTF-16 LE with a BOM and CRLF line ends split anywhere between chunks', async () => {
    // The bytes are made by Node's encoder from real captures; they test the streaming, not a capture.
    const text = Buffer.concat(CBS_LOGS.map(fixture)).toString('utf8').replace(/\r?\n/g, '\r\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const whole = explainOutput('CBS.log', bytes);
    expect(whole.encoding).toBe('utf-16le');
    for (const size of [1, 3, 7, 4096]) {
      const streamed = await explainLogStream('CBS.log', piecesOf(bytes.subarray(2), size), {
        kind: 'cbs-log',
        reason: whole.detectedBy,
        encoding: 'utf-16le',
      });
      expect(findings(streamed)).toEqual(findings(whole));
    }
    const file = writeLog('CBS-utf16.log', bytes);
    expect(findings(await explainFile(file, { streamFromBytes: 0 }))).toEqual(
      findings(explainOutput(file, bytes)),
    );
  });

  it('with a code page, streams as a whole read decodes: UTF-8 when every byte is valid UTF-8', async () => {
    const file = writeLog('CBS-936.log', Buffer.concat(CBS_LOGS.map(fixture)));
    const streamed = await explainFile(file, { streamFromBytes: 0, codePage: 936 });
    const whole = explainOutput(file, fs.readFileSync(file), { codePage: 936 });
    expect(streamed.encoding).toBe('utf-8');
    expect(findings(streamed)).toEqual(findings(whole));
  });

  it('answers a large file of no known kind from its first megabyte, as a whole read would', async () => {
    const file = writeLog('notes.txt', Buffer.from('shopping list\nmilk\n'.repeat(1000)));
    const report = await explainFile(file, { streamFromBytes: 0 });
    expect(report).toEqual(explainOutput(file, fs.readFileSync(file)));
    expect(report.supportedKinds).toBeDefined();
  });

  it('reads a small file, or one of another kind, whole', async () => {
    const report = await explainFile(path.join(FIXTURES, 'cbs-log/case-b-catroot2-kb5005030.log'));
    expect(report.detectedBy).not.toMatch(/streamed/);
    expect(report.updates[0]).toMatchObject({ kb: 'KB5005030', code: '0x8e5e03fa' });
    const events = 'event-xml/en-npcap-7000-param-87.txt';
    expect(await explainFile(path.join(FIXTURES, events), { streamFromBytes: 0 })).toEqual(
      explainOutput(path.join(FIXTURES, events), fixture(events)),
    );
  });
});

describe('explainLogStream on a million lines', () => {
  const BLOCK = fixture('cbs-log/en-hofcake-cbs-head.log').toString('utf8').split(/\r?\n/).filter(Boolean);
  const CASE_B = fixture('cbs-log/case-b-catroot2-kb5005030.log')
    .toString('utf8')
    .split(/\r?\n/)
    .filter(Boolean);
  const TIMESTAMP_LENGTH = '2015-02-23 21:47:27'.length;
  const BLOCKS = Math.ceil(1_000_000 / BLOCK.length);

  /** The real lines with advancing timestamps: hofcake's head (a 4-line 0x800f0805 burst) over and over,
   * case B once after the first block and once at the very end. */
  async function* millionLines(): AsyncGenerator<Uint8Array> {
    const stamp = (block: number) =>
      new Date(Date.UTC(2021, 0, 1) + block * 1000).toISOString().replace('T', ' ').slice(0, 19);
    const restamp = (lines: readonly string[], block: number) =>
      lines.map((line) => `${stamp(block)}${line.slice(TIMESTAMP_LENGTH)}\r\n`).join('');
    let chunk = '';
    for (let block = 0; block < BLOCKS; block += 1) {
      chunk += restamp(BLOCK, block);
      if (block === 0 || block === BLOCKS - 1) chunk += restamp(CASE_B, block);
      if (chunk.length > 64 * 1024) {
        yield Buffer.from(chunk, 'utf8');
        chunk = '';
      }
    }
    yield Buffer.from(chunk, 'utf8');
  }

  it('keeps a bounded few of each failure with at most N lines each, and counts every occurrence', async () => {
    const limits = { ...DEFAULT_RETENTION_LIMITS, firstPerKey: 2, maxEvidenceLines: 3 };
    const report = await explainLogStream('CBS.log', millionLines(), {
      kind: 'cbs-log',
      reason: 'test',
      encoding: 'utf-8',
      limits,
    });

    const linesRead = BLOCKS * BLOCK.length + 2 * CASE_B.length;
    expect(linesRead).toBeGreaterThanOrEqual(1_000_000);
    const caseB = report.errors.find((error) => error.code === '0x8e5e03fa');
    const invalidPackage = report.errors.find((error) => error.code === '0x800f0805');
    // Case B at the end of the log is not crowded out by the 33,334 failures before it.
    expect(caseB).toMatchObject({
      code: '0x8e5e03fa',
      contexts: [{ check: 'patch', target: 'KB5005030' }],
      occurrences: { failures: 2, lines: 18, truncated: true },
    });
    expect(report.knownIssues[0]).toMatchObject({ id: 'catroot2-catalog-database-corrupt', confirmed: true });
    expect(renderExplainText(report)).toContain('In the whole log: 2 failure(s), 18 line(s) (not all shown)');
    expect(invalidPackage).toMatchObject({
      code: '0x800f0805',
      occurrences: { failures: BLOCKS, lines: 4 * BLOCKS, truncated: true },
    });
    expect(report.errors).toHaveLength(2);

    // Kept: of each code and KB the first 2 and the latest, each with at most 3 of its lines.
    const kept = (code: string) => report.updates.filter((update) => update.code === code);
    expect(kept('0x800f0805').map((update) => update.at)).toEqual([
      '2021-01-01 00:00:00',
      '2021-01-01 00:00:01',
      new Date(Date.UTC(2021, 0, 1) + (BLOCKS - 1) * 1000).toISOString().replace('T', ' ').slice(0, 19),
    ]);
    expect(kept('0x8e5e03fa')).toHaveLength(2);
    expect(report.updates.every((update) => update.evidence.length <= 3)).toBe(true);
    expect(invalidPackage?.evidence.length).toBeLessThanOrEqual(3 * 3);
    expect(report.warnings).toEqual([
      `streamed ${linesRead} lines, ${BLOCKS + 2} update results; kept of each result, code and KB the first 2 ` +
        `and the latest with at most 3 lines each (${BLOCKS - 3} only counted): errors[].occurrences counts them all`,
    ]);
  });
});
