import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDismOutput } from './dism-output';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseDismOutput on real DISM captures', () => {
  it('reads /RestoreHealth failing with 0x800f081f (CBS_E_SOURCE_MISSING) and its explanation', () => {
    const { runs, records } = parseDismOutput(fixture('dism/en-nroach44-restorehealth-081f.txt'));
    expect(runs).toEqual([
      expect.objectContaining({
        dismVersion: '10.0.14393.4169',
        imageVersion: '10.0.14393.4169',
        operation: '/restorehealth',
        completed: true,
        failure: { code: '0x800f081f', codeOriginal: '0x800f081f', symbol: null },
      }),
    ]);
    expect(records[0]?.result).toBe('failed');
    expect(records[0]?.evidence.map((line) => line.text)).toContain('Error: 0x800f081f');
    expect(records[0]?.evidence.map((line) => line.text)).toContain('The source files could not be found.');
  });

  it('tells two runs apart: a KB added successfully, then Package_for_RollupFix failing', () => {
    const { records } = parseDismOutput(fixture('dism/en-adavak-lcu-rollupfix-081f.txt'));
    expect(records).toEqual([
      expect.objectContaining({
        kb: 'KB5054156',
        package: 'Package_for_KB5054156~31bf3856ad364e35~amd64~~26100.6717.1.4',
        result: 'succeeded',
        failure: null,
      }),
      expect.objectContaining({
        kb: null,
        package: 'Package_for_RollupFix~31bf3856ad364e35~amd64~~26100.1742.1.10',
        result: 'failed',
        failure: { code: '0x800f081f', codeOriginal: '0x800f081f', symbol: null },
      }),
    ]);
  });

  it('reads Russian DISM output ("Ошибка: 0x800f081f") by its version lines and error line', () => {
    const { runs, records } = parseDismOutput(fixture('dism/ru-dotnetfx35-enable-feature-081f.txt'));
    expect(runs[0]).toMatchObject({
      dismVersion: '10.0.19041.3636',
      imageVersion: '10.0.19045.6456',
      completed: true,
    });
    expect(records[0]?.failure?.code).toBe('0x800f081f');
    expect(records[0]?.evidence.map((line) => line.text)).toEqual([
      '[==========================100.0%==========================]',
      'Ошибка: 0x800f081f',
      'Не удалось найти исходные файлы.',
      'Укажите расположение файлов, необходимых для восстановления компонента, с помощью параметра "Источник". Дополнительные сведения об указании расположения источника см. на веб-странице https://go.microsoft.com/fwlink/?LinkId=243077.',
    ]);
  });

  it('reads Chinese /RestoreHealth failing with 错误: 0x800f0915', () => {
    const { runs, records } = parseDismOutput(fixture('dism/zh-lenovo-restorehealth-0915.txt'));
    expect(runs[0]).toMatchObject({
      operation: '/RestoreHealth',
      dismVersion: '10.0.26100.1150',
      imageVersion: '10.0.26100.4652',
    });
    expect(records[0]?.failure).toEqual({ code: '0x800f0915', codeOriginal: '0x800f0915', symbol: null });
    expect(records[0]?.evidence.map((line) => line.text)).toContain('在任何位置都找不到修复内容。');
  });

  it('does not guess a result from the localized words of a Chinese /CheckHealth', () => {
    const { runs, records } = parseDismOutput(fixture('dism/zh-lenovo-checkhealth-repairable.txt'));
    expect(records).toEqual([]);
    expect(runs).toEqual([
      expect.objectContaining({ operation: '/CheckHealth', completed: false, failure: null }),
    ]);
  });

  it('reads a Chinese /ScanHealth then /RestoreHealth that both finish without a code, and reports no result', () => {
    const { runs, records, warnings } = parseDismOutput(
      fixture('dism/zh-ferstar-scanhealth-restorehealth.txt'),
    );
    expect(warnings).toEqual([]);
    // "可以修复组件存储。" (repairable) and "还原操作已成功完成。" (restored) are words, not codes: no verdict.
    expect(records).toEqual([]);
    expect(runs).toEqual([
      expect.objectContaining({
        operation: '/Scanhealth',
        dismVersion: '10.0.16299.15',
        imageVersion: '10.0.16299.431',
        completed: true,
        failure: null,
      }),
      expect.objectContaining({ operation: '/Restorehealth', completed: true, failure: null }),
    ]);
    expect(runs[0]?.evidence.map((line) => line.text)).toEqual([
      '[==========================100.0%==========================] 可以修复组件存储。',
    ]);
  });

  it('reads three German /Add-Package runs started by a script, each package added', () => {
    const { runs, records } = parseDismOutput(fixture('dism/de-hanghoul-mtp-add-package.txt'));
    // The script lists the .mum files before DISM runs: those identities belong to no run.
    expect(runs).toHaveLength(3);
    expect(
      runs.every((run) => run.operation === '/add-package' && run.completed && run.failure === null),
    ).toBe(true);
    expect(runs[0]).toMatchObject({ dismVersion: '10.0.19041.3636', imageVersion: '10.0.19045.5131' });
    expect(records).toEqual([
      expect.objectContaining({
        package: 'Microsoft-Windows-Portable-Devices-multimedia-Package~31bf3856ad364e35~amd64~~10.0.18362.1',
        result: 'succeeded',
        failure: null,
      }),
      expect.objectContaining({
        package:
          'Microsoft-Windows-Portable-Devices-multimedia-Package~31bf3856ad364e35~amd64~de-DE~10.0.18362.1',
        result: 'succeeded',
      }),
      expect.objectContaining({
        package: 'Microsoft-Windows-Portable-Devices-Package~31bf3856ad364e35~amd64~~10.0.18362.1',
        result: 'succeeded',
      }),
    ]);
    expect(records[0]?.evidence.map((line) => line.line)).toEqual([27, 28]);
  });

  it('reads two /Remove-Package runs failing with 0x800f0805', () => {
    const { records } = parseDismOutput(fixture('dism/en-tiny11-remove-package-0805.txt'));
    expect(records.map((record) => record.failure?.code)).toEqual(['0x800f0805', '0x800f0805']);
  });

  it('reads /Enable-Feature failing with 0x800f082f from a PowerShell console with trailing blanks', () => {
    const { runs } = parseDismOutput(fixture('dism/en-wsl-1060-enable-feature-082f.txt'));
    expect(runs[0]).toMatchObject({ operation: '/enable-feature', failure: { code: '0x800f082f' } });
  });

  it('finds no run in text that is not DISM output', () => {
    expect(parseDismOutput(fixture('qfe/de-checkmk-30-get-hotfix.txt')).warnings).toHaveLength(1);
  });
});
