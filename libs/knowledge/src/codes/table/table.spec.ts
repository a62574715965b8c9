import { LOCALES } from '../../localized-text';
import { decodeCode, inferCodeKind } from '../decode';
import { hresultFromJet, hresultFromWin32 } from '../normalize';
import { symbolsOf } from '../lookup';
import { CODE_TABLE } from '.';

const NORMALIZED = /^0x[0-9a-f]{8}$/;
const HAN = /\p{Script=Han}/u;

describe('the code table', () => {
  it('names at least the 100 codes that matter for service start and servicing failures', () => {
    expect(CODE_TABLE.length).toBeGreaterThanOrEqual(100);
  });

  it('holds each code once, normalized', () => {
    const codes = CODE_TABLE.map((entry) => entry.code);
    expect(codes.filter((code) => !NORMALIZED.test(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives every code a one-line meaning in English and in Chinese', () => {
    const missing = CODE_TABLE.flatMap((entry) =>
      LOCALES.filter(
        (locale) => !/\S/.test(entry.meaning[locale]) || entry.meaning[locale].includes('\n'),
      ).map((locale) => `${entry.code} ${locale}`),
    );
    expect(missing).toEqual([]);
    const notChinese = CODE_TABLE.filter((entry) => !HAN.test(entry.meaning['zh-CN']));
    expect(notChinese.map((entry) => entry.code)).toEqual([]);
  });

  it('cites a public https page for every code', () => {
    const withoutSource = CODE_TABLE.filter((entry) => !/^https:\/\/\S+$/.test(entry.source));
    expect(withoutSource.map((entry) => entry.code)).toEqual([]);
  });

  it('has unique symbols within a family, and across the table so that lookup by symbol is unambiguous', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const entry of CODE_TABLE) {
      for (const symbol of symbolsOf(entry)) {
        const key = symbol.toLowerCase();
        if (seen.has(key)) duplicates.push(`${symbol} (${seen.get(key)} and ${entry.code})`);
        seen.set(key, entry.code);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it('keeps the Win32 number and the ESE number consistent with the HRESULT they wrap', () => {
    const wrapped = CODE_TABLE.filter((entry) => entry.kind === 'win32' || entry.kind === 'jet');
    const inconsistent = wrapped.filter((entry) => {
      const wrap = entry.kind === 'win32' ? hresultFromWin32 : hresultFromJet;
      return entry.original === undefined || wrap(entry.original) !== parseInt(entry.code, 16);
    });
    expect(inconsistent.map((entry) => `${entry.code} ${entry.symbol}`)).toEqual([]);
    const jet = CODE_TABLE.filter((entry) => entry.kind === 'jet');
    expect(jet.filter((entry) => !entry.symbol.startsWith('JET_err') || (entry.original ?? 0) >= 0)).toEqual(
      [],
    );
  });

  it('files every code under the family its structure says', () => {
    const misfiled = CODE_TABLE.filter((entry) => inferCodeKind(decodeCode(entry.code)) !== entry.kind);
    expect(misfiled.map((entry) => `${entry.code} ${entry.kind}`)).toEqual([]);
  });

  it('covers every family', () => {
    const kinds = new Set(CODE_TABLE.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual(['cbs', 'hresult', 'jet', 'ntstatus', 'win32', 'windows-update']);
  });
});
