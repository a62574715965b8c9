import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScQc } from './sc-qc';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseScQc on real sc.exe captures', () => {
  it('reads Russian sc qc: start type from its number, display name from its position', () => {
    const { records, warnings, errors } = parseScQc(fixture('sc-qc/ru-belfproctor-qc.txt'));
    expect(warnings).toEqual([]);
    expect(errors).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        service: 'BelfProctor',
        displayName: 'BelfProctor',
        startType: 'AUTO_START',
        state: null,
      }),
    ]);
    expect(records[0]?.evidence).toContainEqual({
      line: 6,
      text: '        Тип_запуска          : 2   AUTO_START',
    });
  });

  it('reads the config block of Chinese sc qc output (English labels, "[SC] QueryServiceConfig 成功")', () => {
    const { records } = parseScQc(fixture('sc-qc/zh-usbhub-qc-then-query.txt'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      service: 'usbhub',
      startType: 'DISABLED',
      displayName: 'Usbhub Service',
    });
    expect(records[0]?.evidence).toContainEqual({
      line: 6,
      text: '        START_TYPE         : 4   DISABLED',
    });
  });

  it('finds no config block in sc query output', () => {
    const result = parseScQc(fixture('sc-query/ru-belfproctor-query.txt'));
    expect(result.records).toEqual([]);
    expect(result.warnings.join(' ')).toMatch(/not sc qc output/);
  });
});
