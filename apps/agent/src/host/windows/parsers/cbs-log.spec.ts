import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CbsLogReader, parseCbsLog } from './cbs-log';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const caseB = (): string => fixture('cbs-log/case-b-catroot2-kb5005030.log');

describe('parseCbsLog on real CBS.log captures', () => {
  it('finds field case B: KB5005030, Package_177, 0x8e5e03fa JET_errReadVerifyFailure and its evidence lines', () => {
    const text = caseB();
    const lines = text.split('\n');
    const { records, warnings } = parseCbsLog(text);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    const [failure] = records;
    expect(failure).toMatchObject({
      kb: 'KB5005030',
      package: 'Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3',
      result: 'failed',
      failure: { code: '0x8e5e03fa', codeOriginal: '0x8e5e03fa', symbol: 'JET_errReadVerifyFailure' },
      at: '2021-11-22 08:50:03',
    });
    // Every line carrying the HRESULT, whatever its level (all Info but the last, Error), and nothing else.
    expect(failure?.evidence.map((line) => line.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 10, 11]);
    for (const line of failure?.evidence ?? []) expect(line.text).toBe(lines[line.line - 1]);
    expect(failure?.evidence[8]?.text).toContain(
      'Error                 CBS    Failed to process single phase execution.',
    );
  });

  it('reads the same failures when the log arrives in small appended chunks', () => {
    const bytes = new TextEncoder().encode(caseB());
    const reader = new CbsLogReader();
    const failures = [];
    for (let offset = 0; offset < bytes.length; offset += 7)
      failures.push(...reader.push(bytes.subarray(offset, offset + 7)));
    failures.push(...reader.end());
    expect(failures.map((failure) => failure.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 10, 11]);
    expect(reader.state).toEqual({ bytesConsumed: bytes.length, linesConsumed: 11 });
  });

  it('keeps a partial last line until its end arrives, and reports only complete lines as consumed', () => {
    const text = caseB();
    const cut = text.indexOf('[HRESULT', text.indexOf('\n') + 1);
    const reader = new CbsLogReader();
    const first = reader.push(text.slice(0, cut));
    expect(first.map((failure) => failure.line)).toEqual([1]);
    expect(reader.state).toEqual({
      bytesConsumed: new TextEncoder().encode(text.slice(0, text.indexOf('\n') + 1)).length,
      linesConsumed: 1,
    });
    const rest = reader.push(text.slice(cut));
    expect(rest[0]).toMatchObject({ line: 2, kb: 'KB5005030', symbol: 'JET_errReadVerifyFailure' });
  });

  it('resumes from a stored state with absolute line numbers (the caller re-reads from 0 after rotation)', () => {
    const text = caseB();
    const lines = text.split('\n');
    const head = `${lines.slice(0, 5).join('\n')}\n`;
    const headBytes = new TextEncoder().encode(head).length;
    const resumed = parseCbsLog(text.slice(head.length), { bytesConsumed: headBytes, linesConsumed: 5 });
    expect(resumed.failures.map((failure) => failure.line)).toEqual([6, 7, 10, 11]);
    expect(resumed.state.bytesConsumed).toBe(new TextEncoder().encode(text).length);
    expect(resumed.records[0]).toMatchObject({ kb: 'KB5005030', failure: { code: '0x8e5e03fa' } });
  });

  it('reads CBS_E_INVALID_PACKAGE with and without its symbol and ignores @0x… and flags: 0x2', () => {
    const { records, failures } = parseCbsLog(fixture('cbs-log/en-hofcake-cbs-head.log'));
    expect(failures.map((failure) => failure.line)).toEqual([24, 25, 29, 30]);
    expect(failures[1]).toMatchObject({ code: '0x800f0805', symbol: null });
    expect(records).toEqual([
      expect.objectContaining({
        kb: null,
        package: null,
        failure: { code: '0x800f0805', codeOriginal: '0x800f0805', symbol: 'CBS_E_INVALID_PACKAGE' },
      }),
    ]);
  });

  it('names the package and KB of a store corruption from a pasted log (list markers, single spaces)', () => {
    const { records } = parseCbsLog(fixture('cbs-log/en-pastebin-q94z3v4c-store-corruption.log'));
    expect(records).toEqual([
      expect.objectContaining({
        kb: 'KB4088876',
        package: 'Package_2074_for_KB4088876~31bf3856ad364e35~amd64~~6.3.1.4',
        failure: { code: '0x800f0831', codeOriginal: '0x800f0831', symbol: 'CBS_E_STORE_CORRUPTION' },
        at: '2018-11-01 13:24:25',
      }),
    ]);
    expect(records[0]?.evidence.map((line) => line.line)).toEqual([5, 6, 7, 8, 9]);
  });

  it("reads E_INVALIDARG (0x80070057, case A's code) from a numbered paste", () => {
    const { records } = parseCbsLog(fixture('cbs-log/en-pastebin-c2hd8RPC-invalidarg.log'));
    expect(records).toHaveLength(1);
    expect(records[0]?.failure).toEqual({
      code: '0x80070057',
      codeOriginal: '0x80070057',
      symbol: 'E_INVALIDARG',
    });
    expect(records[0]?.evidence).toHaveLength(8);
  });

  it('reads CBS_E_COMPONENT_NOT_INSTALLED_BY_CBS and not the CSI transaction address', () => {
    const { failures } = parseCbsLog(fixture('cbs-log/en-pastebin-Ec0fkbrA-not-installed-by-cbs.log'));
    expect(failures.map((failure) => [failure.line, failure.code, failure.symbol])).toEqual([
      [6, '0x800f090c', 'CBS_E_COMPONENT_NOT_INSTALLED_BY_CBS'],
      [7, '0x800f090c', 'CBS_E_COMPONENT_NOT_INSTALLED_BY_CBS'],
    ]);
  });

  it('reads a quoted line without its timestamp', () => {
    const { records } = parseCbsLog(fixture('cbs-log/en-wsl-1580-store-corruption-quoted.log'));
    expect(records).toEqual([
      expect.objectContaining({
        kb: 'KB3201845',
        package: 'Package_3222_for_KB3201845~31bf3856ad364e35~amd64~~10.0.1.2',
        at: null,
      }),
    ]);
  });

  it('reads dism.log lines: (CBS HRESULT=0x…) and (hr:0x…)', () => {
    const { records, failures } = parseCbsLog(fixture('cbs-log/en-nroach44-dism-log.log'));
    expect(failures.every((failure) => failure.component === 'DISM' && failure.code === '0x80070002')).toBe(
      true,
    );
    expect(records).toEqual([
      expect.objectContaining({ failure: { code: '0x80070002', codeOriginal: '0x80070002', symbol: null } }),
    ]);
    expect(records[0]?.evidence).toHaveLength(4);
  });

  it('says so for text that is not a CBS.log and never throws on binary input', () => {
    expect(parseCbsLog(fixture('sc-query/en-npcap-query-win32-exit-2.txt')).warnings.join(' ')).toMatch(
      /not a CBS\.log/,
    );
    expect(() => parseCbsLog('\u0000\u00ff\uFFFD[HRESULT = 0xZZ]\r\n\r')).not.toThrow();
  });
});
