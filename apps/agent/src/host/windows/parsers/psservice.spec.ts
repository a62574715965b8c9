import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePsService } from './psservice';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parsePsService on a real PsService capture', () => {
  it('reads five services through the blog\'s "> " quoting and single-spaced columns', () => {
    const { records, warnings } = parsePsService(fixture('psservice/en-rmoff-psservice-query.txt'));
    expect(warnings).toEqual([]);
    expect(
      records.map((record) => [record.service, record.displayName, record.state, record.win32ExitCode]),
    ).toEqual([
      ['Oracle BI Cluster Controller', 'Oracle BI Cluster Controller', 'STOPPED', 1077],
      ['Oracle BI Scheduler', 'Oracle BI Scheduler', 'STOPPED', 1077],
      ['Oracle BI Server', 'Oracle BI Server', 'RUNNING', 0],
      ['sawjavahostsvc', 'Oracle BI Java Host', 'RUNNING', 0],
      ['sawsvc', 'Oracle BI Presentation Server', 'RUNNING', 0],
    ]);
    expect(records.every((record) => record.failure === null)).toBe(true);
    expect(records[4]?.evidence).toContainEqual({ line: 55, text: '> STATE             : 4  RUNNING  ' });
  });

  it('rejects text that is not PsService output', () => {
    expect(
      parsePsService('PsService v2.25 - Service information and configuration utility').warnings,
    ).toEqual(['no PsService query block found: this is not PsService output']);
  });
});
