import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventText } from './event-text';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseEventText on real Event Viewer text copies', () => {
  it('reads two English SCM events (7000, 7009) by position: source, date, event ID', () => {
    const { records, warnings } = parseEventText(fixture('event-text/en-scptoolkit-7000-7009.txt'));
    expect(warnings).toEqual([]);
    expect(records.map((record) => [record.provider, record.eventId, record.date])).toEqual([
      ['Service Control Manager', 7000, '11/14/2015 4:14:41 PM'],
      ['Service Control Manager', 7009, '11/14/2015 4:14:41 PM'],
    ]);
    expect(records[1]?.description).toEqual([
      'A timeout was reached (30000 milliseconds) while waiting for the SCP DSx Service service to connect.',
    ]);
    expect(records[0]?.evidence[3]).toEqual({ line: 4, text: 'Event ID:      7000' });
  });

  it('reads a Korean copy (every label translated) and its truncated Event Xml section', () => {
    const { records, warnings } = parseEventText(fixture('event-text/ko-simplewall-7000-text-and-xml.txt'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      provider: 'Service Control Manager',
      eventId: 7000,
      date: '2021-04-25 오전 3:05:44',
      description: [
        '다음 오류로 인해 FreeFirewallSvc 서비스를 시작하지 못했습니다. ',
        '지정된 파일을 찾을 수 없습니다.',
      ],
      failure: null,
    });
    expect(records[0]?.xml).toMatchObject({
      timeCreated: '2021-04-24T18:05:44.5565798Z',
      recordId: 1867,
      complete: false,
    });
    expect(records[0]?.evidence).toContainEqual({ line: 4, text: '이벤트 ID:        7000' });
    expect(warnings).toEqual(['event 7000 at line 14 is cut off before </Event>']);
  });

  it('reads WindowsUpdateClient 20 as a failed update: 0x80070643 and KB982671 from the numbers in the message', () => {
    const { records, updates } = parseEventText(fixture('event-text/en-techtoolbox-wu-20-0643.txt'));
    expect(records[0]).toMatchObject({
      provider: 'Microsoft-Windows-WindowsUpdateClient',
      eventId: 20,
      failure: { code: '0x80070643', codeOriginal: '0x80070643' },
      kb: 'KB982671',
    });
    expect(updates).toEqual([
      expect.objectContaining({
        kb: 'KB982671',
        result: 'failed',
        failure: { code: '0x80070643', codeOriginal: '0x80070643', symbol: null },
        at: '6/30/2010 3:03:25 AM',
      }),
    ]);
  });

  it('reads SCM 7022, 7001 and 7023 pasted with indentation, and the unresolved %%14 of 7023 as Win32 14', () => {
    const { records, updates, warnings } = parseEventText(
      fixture('event-text/en-azure-netlogon-7022-7001-7023.txt'),
    );
    expect(warnings).toEqual([]);
    expect(updates).toEqual([]);
    expect(records.map((record) => [record.eventId, record.scmMeaning, record.date])).toEqual([
      [7022, 'hung-starting', '12/16/2015 11:19:36 AM'],
      [7001, 'dependency-failed', '2/25/2016 11:59:08 AM'],
      [7023, 'terminated-with-error', '12.08.2016 15:35:22'],
    ]);
    // 7001 names its error in words only: no code is guessed from them.
    expect(records[1]?.failure).toBeNull();
    expect(records[2]?.failure).toEqual({ code: '0x8007000e', codeOriginal: '%%14', symbol: null });
    expect(records[2]?.evidence.at(-1)).toEqual({ line: 37, text: '    %%14' });
  });

  it('reads SCM 7031 (crashed, restart scheduled): an event without a code', () => {
    const { records } = parseEventText(fixture('event-text/en-windows-exporter-1134-7031.txt'));
    expect(records).toEqual([
      expect.objectContaining({
        provider: 'Service Control Manager',
        eventId: 7031,
        scmMeaning: 'crashed',
        date: '21/03/2023 17:40:29',
        failure: null,
      }),
    ]);
  });

  it('says so for text without an event header', () => {
    expect(parseEventText(fixture('reg-file/en-jiehong-rpc-internet-ports.reg')).records).toEqual([]);
  });
});
