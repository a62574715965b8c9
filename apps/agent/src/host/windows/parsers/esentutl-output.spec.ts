import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEsentutlOutput } from './esentutl-output';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseEsentutlOutput on real esentutl captures', () => {
  it("reads -1206 JET_errDatabaseCorrupted (what case B's catdb check reported) as 0x8e5e04b6", () => {
    const { records } = parseEsentutlOutput(fixture('esentutl/en-dsinternals-200-1206.txt'));
    expect(records).toEqual([
      expect.objectContaining({
        failure: { code: '0x8e5e04b6', codeOriginal: '-1206', symbol: 'JET_errDatabaseCorrupted' },
      }),
    ]);
  });

  it('reads -1526 JET_errLVCorrupted from a defragmentation', () => {
    const { records } = parseEsentutlOutput(fixture('esentutl/en-msqa-684726-defrag-1526.txt'));
    expect(records[0]?.failure).toEqual({
      code: '0x8e5e05f6',
      codeOriginal: '-1526',
      symbol: 'JET_errLVCorrupted',
    });
  });

  it('reads a /mh header dump: mode, database and fields, no failure from checksums or magic numbers', () => {
    const { records, warnings } = parseEsentutlOutput(fixture('esentutl/en-sidr-3-mh-windows-edb.txt'));
    expect(warnings).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        mode: 'file-dump',
        database: 'Windows.edb',
        failure: null,
        fields: expect.objectContaining({
          'Expected Checksum': '0x5c80a0e2',
          'Actual Checksum': '0x5c80a0e2',
          'File Type': 'Database',
          'Format ulVersion': '0x620,180,400  (attached by 9360)',
        }),
      }),
    ]);
  });

  it('says so for text that is not esentutl output', () => {
    expect(parseEsentutlOutput('hello').warnings).toHaveLength(1);
  });
});
