import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoDate, parseQuickFixEngineering } from './quick-fix-engineering';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseQuickFixEngineering on real captures', () => {
  it('reads German Get-HotFix columns with day-first dates', () => {
    const { records, warnings } = parseQuickFixEngineering(fixture('qfe/de-checkmk-30-get-hotfix.txt'));
    expect(warnings).toEqual([]);
    expect(
      records.map((record) => [record.kb, record.installedOnRaw, record.installedOn, record.result]),
    ).toEqual([
      ['KB5025182', '21.04.2023 00:00:00', '2023-04-21', 'installed'],
      ['KB5012170', '08.12.2022 00:00:00', '2022-12-08', 'installed'],
      ['KB5026446', '12.05.2023 00:00:00', '2023-05-12', 'installed'],
      ['KB5026549', '12.05.2023 00:00:00', '2023-05-12', 'installed'],
    ]);
    expect(records[0]?.evidence).toEqual([{ line: 3, text: 'KB5025182 21.04.2023 00:00:00' }]);
  });

  it('reads wmic qfe /format:list with its blank lines and month-first dates', () => {
    const { records } = parseQuickFixEngineering(fixture('qfe/en-wufuc-92-wmic-qfe-list.txt'));
    expect(records).toHaveLength(16);
    expect(records[5]).toMatchObject({
      kb: 'KB2973351',
      installedOnRaw: '7/3/2017',
      installedOn: '2017-07-03',
    });
    expect(records[15]).toMatchObject({ kb: 'KB2999226', installedOn: '2017-06-30' });
  });

  it('reads a one-column wmic qfe table and skips the author\'s "...." elision', () => {
    const { records } = parseQuickFixEngineering(fixture('qfe/en-pwnwiki-111-wmic-qfe-hotfixid.txt'));
    expect(records).toHaveLength(18);
    expect(records[0]).toMatchObject({ kb: 'KB2849697', installedOn: null });
    expect(records[17]?.kb).toBe('KB2545698');
  });
});

describe('isoDate', () => {
  it('reads the culture formats Get-HotFix prints', () => {
    expect(isoDate('2023/4/21 0:00:00')).toBe('2023-04-21');
    expect(isoDate('21.04.2023')).toBe('2023-04-21');
    expect(isoDate('4/21/2023')).toBe('2023-04-21');
    expect(isoDate('21/4/2023')).toBe('2023-04-21');
    expect(isoDate('/Date(1682035200000)/')).toBe('2023-04-21');
    expect(isoDate('2023-04-21T00:00:00')).toBe('2023-04-21');
    expect(isoDate('soon')).toBeNull();
  });
});
