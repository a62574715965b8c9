import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWindowsUpdateLog } from './windows-update-log';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseWindowsUpdateLog on real WindowsUpdate.log captures', () => {
  it('rejoins a classic REPORT EVENT hard-wrapped at 80 columns, even inside KB4014984', () => {
    const { records, entries } = parseWindowsUpdateLog(
      fixture('windows-update-log/en-legacyupdate-115-report-wrapped.log'),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      format: 'classic',
      component: 'Report',
      updateId: '53367D29-F57A-442B-9F49-DC50B1334BD4',
      reportSucceeded: false,
    });
    expect(records).toEqual([
      expect.objectContaining({
        kb: 'KB4014984',
        result: 'failed',
        failure: { code: '0x80070643', codeOriginal: '0x80070643', symbol: null },
        at: '2023-02-06 11:45:33:713',
        title:
          'April, 2017 Security and Quality Rollup for .NET Framework 2.0, 3.0, 4.5.2, 4.6 on Windows Vista SP2 and Server 2008 SP2 (KB4014984).',
      }),
    ]);
    expect(records[0]?.evidence.map((line) => line.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads a Get-WindowsUpdateLog line: hr = 0x80200013 and the updateId', () => {
    const { records, entries } = parseWindowsUpdateLog(
      fixture('windows-update-log/en-chiepsilon-19-etw-bits-failed.log'),
    );
    expect(entries[0]).toMatchObject({
      format: 'etw',
      component: 'DownloadManager',
      updateId: 'A3BB26B0-CD4B-4C62-A966-B88A2F1DF381.202',
    });
    expect(records).toEqual([
      expect.objectContaining({
        kb: null,
        result: 'failed',
        failure: { code: '0x80200013', codeOriginal: '0x80200013', symbol: null },
      }),
    ]);
  });

  it('finds no failure in a successful download (dwProvFlags 0x00000080 is not an error)', () => {
    const { records, entries, warnings } = parseWindowsUpdateLog(
      fixture('windows-update-log/en-wpp-4-etw-download-table.log'),
    );
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(8);
    expect(entries[0]?.updateId).toBe('E0F87EBF-B414-4AC7-A225-8FE802CF8618.1');
    expect(records).toEqual([]);
  });

  it('says so for other text', () => {
    expect(parseWindowsUpdateLog(fixture('reg-query/en-ckurity-rdp-portnumber.txt')).warnings).toHaveLength(
      1,
    );
  });
});
