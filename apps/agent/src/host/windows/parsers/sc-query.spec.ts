import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScOutput } from './sc-output';
import { parseScQc } from './sc-qc';
import { parseScQuery } from './sc-query';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseScQuery on real sc.exe captures', () => {
  it('reads an enumeration with display names, RUNNING and STOPPED, 1077 as "never started"', () => {
    const { records, warnings } = parseScQuery(fixture('sc-query/en-vboxhardenedloader-query-all.txt'));
    expect(warnings).toEqual([]);
    expect(
      records.map((record) => [record.service, record.displayName, record.state, record.win32ExitCode]),
    ).toEqual([
      ['WPCSvc', 'Parental Controls', 'STOPPED', 1077],
      ['WPDBusEnum', 'Portable Device Enumerator Service', 'STOPPED', 0],
      ['ws2ifsl', 'Winsock IFS Driver', 'STOPPED', 1077],
      ['wscsvc', 'Security Center', 'RUNNING', 0],
    ]);
    // 1077 ERROR_SERVICE_NEVER_STARTED is not a failure.
    expect(records.every((record) => record.failure === null)).toBe(true);
  });

  it('reads sc start (queryex layout with PID) then sc query with the 1067 exit code of the failed start', () => {
    const { records } = parseScQuery(fixture('sc-query/en-fluent-bit-start-then-query.txt'));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      service: 'fluent-bit',
      state: 'START_PENDING',
      pid: 6208,
      failure: null,
    });
    expect(records[1]).toMatchObject({
      service: 'fluent-bit',
      state: 'STOPPED',
      win32ExitCode: 1067,
      serviceSpecificExitCode: 0,
      pid: null,
      failure: { code: '0x8007042b', codeOriginal: '1067', symbol: null },
    });
    expect(records[1]?.evidence).toContainEqual({
      line: 16,
      text: '        WIN32_EXIT_CODE    : 1067  (0x42b)',
    });
  });

  it('turns a driver that failed with WIN32_EXIT_CODE 2 into 0x80070002', () => {
    const { records } = parseScQuery(fixture('sc-query/en-npcap-query-win32-exit-2.txt'));
    expect(records).toEqual([
      expect.objectContaining({
        service: 'npcap',
        state: 'STOPPED',
        win32ExitCode: 2,
        failure: { code: '0x80070002', codeOriginal: '2', symbol: null },
      }),
    ]);
  });

  it('reads Russian sc query, whose labels are all translated, by layout and numbers', () => {
    const { records, warnings } = parseScQuery(fixture('sc-query/ru-belfproctor-query.txt'));
    expect(warnings).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        service: 'BelfProctor',
        state: 'RUNNING',
        win32ExitCode: 0,
        serviceSpecificExitCode: 0,
        failure: null,
      }),
    ]);
    expect(records[0]?.evidence).toContainEqual({ line: 5, text: '        Состояние          : 4  RUNNING' });
  });

  it('reports a Chinese "[SC] OpenService 失败 1060:" as ERROR_SERVICE_DOES_NOT_EXIST with its message', () => {
    const { records, errors } = parseScQuery(fixture('sc-query/zh-pcap-dnsproxy-openservice-1060.txt'));
    expect(records).toEqual([]);
    expect(errors).toEqual([
      {
        service: null,
        api: 'OpenService',
        failure: { code: '0x80070424', codeOriginal: '1060', symbol: null },
        evidence: [
          { line: 1, text: '[SC] OpenService 失败 1060:' },
          { line: 3, text: '指定的服务未安装。' },
        ],
      },
    ]);
  });

  it('reads the status block of a Chinese sc qc + sc query paste and leaves the config block to parseScQc', () => {
    const text = fixture('sc-qc/zh-usbhub-qc-then-query.txt');
    expect(parseScQuery(text).records).toEqual([
      expect.objectContaining({
        service: 'usbhub',
        state: 'STOPPED',
        startType: null,
        win32ExitCode: 1077,
        failure: null,
      }),
    ]);
    expect(parseScQc(text).records).toEqual([
      expect.objectContaining({
        service: 'usbhub',
        displayName: 'Usbhub Service',
        startType: 'DISABLED',
        state: null,
      }),
    ]);
    expect(parseScOutput(text).records).toEqual([
      expect.objectContaining({
        service: 'usbhub',
        displayName: 'Usbhub Service',
        state: 'STOPPED',
        startType: 'DISABLED',
      }),
    ]);
  });

  it('says so when given another kind of output, and never throws on garbage', () => {
    const cbs = parseScQuery(fixture('cbs-log/case-b-catroot2-kb5005030.log'));
    expect(cbs.records).toEqual([]);
    expect(cbs.warnings.join(' ')).toMatch(/not sc query output/);
    expect(() => parseScQuery('\u0000\u0001SERVICE_NAME:\n  : \n\t:::')).not.toThrow();
  });
});
