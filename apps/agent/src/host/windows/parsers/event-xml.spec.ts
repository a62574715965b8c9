import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binaryAsText, decodeXmlEntities, parseEventXml, scmInsertionFailure } from './event-xml';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseEventXml on real Service Control Manager events', () => {
  it("reads 7000 with param2 %%87 as Win32 87, i.e. 0x80070057 (field case A's code)", () => {
    const { records, warnings } = parseEventXml(fixture('event-xml/en-npcap-7000-param-87.txt'));
    expect(warnings).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        provider: 'Service Control Manager',
        eventId: 7000,
        qualifiers: 49152,
        level: 2,
        timeCreated: '2021-09-03T00:41:30.199104800Z',
        recordId: 82008,
        channel: 'System',
        scmMeaning: 'start-failed',
        service: 'Npcap Packet Driver (NPCAP)',
        failure: { code: '0x80070057', codeOriginal: '%%87', symbol: null },
        complete: true,
      }),
    ]);
    expect(records[0]?.evidence).toContainEqual({ line: 22, text: '  <Data Name="param2">%%87</Data> ' });
  });

  it('reads 7024 (service-specific error %%0) and the service key from the UTF-16 Binary, through Event Viewer\'s "- " markers', () => {
    const { records } = parseEventXml(fixture('event-xml/en-scm-manager-7024-eventviewer.xml'));
    expect(records).toEqual([
      expect.objectContaining({
        eventId: 7024,
        scmMeaning: 'terminated-with-service-error',
        service: 'scm-server',
        serviceKey: 'scm-server',
        serviceSpecificExitCode: 0,
        failure: null,
        computer: 'MT-DEVTEST.mikanetwork.com',
        timeCreated: '2013-06-13T00:26:20.184797500Z',
      }),
    ]);
  });

  it('reads the same event inside an indented Markdown block, without Binary', () => {
    const { records } = parseEventXml(fixture('event-xml/en-scm-manager-74-7024-indented.xml'));
    expect(records[0]).toMatchObject({
      eventId: 7024,
      service: 'scm-server',
      serviceKey: null,
      recordId: 1657,
    });
  });

  it('reports an event cut off before </Event> instead of failing', () => {
    const text = fixture('event-text/ko-simplewall-7000-text-and-xml.txt');
    const { records, warnings } = parseEventXml(text);
    expect(records).toEqual([
      expect.objectContaining({ eventId: 7000, complete: false, failure: null, data: {} }),
    ]);
    expect(warnings).toEqual(['event 7000 at line 14 is cut off before </Event>']);
  });

  it('says so for text without events', () => {
    expect(parseEventXml(fixture('dism/en-nroach44-restorehealth-081f.txt')).warnings).toEqual([
      'no <Event> element found: this is not event log XML',
    ]);
  });
});

describe('parseEventXml on a real WindowsUpdateClient event', () => {
  it('reads 19 rendered on one line (EvtRender / ToXml) as an installed update with its KB and time', () => {
    const { records, updates, warnings } = parseEventXml(fixture('event-xml/en-datadog-wu-19-toxml.xml'));
    expect(warnings).toEqual([]);
    expect(records[0]).toMatchObject({
      provider: 'Microsoft-Windows-WindowsUpdateClient',
      eventId: 19,
      qualifiers: null,
      computer: 'DESKTOP-U86BVDJ',
      failure: null,
      kb: 'KB2267602',
    });
    expect(updates).toEqual([
      {
        kb: 'KB2267602',
        package: null,
        result: 'installed',
        failure: null,
        title:
          'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.375.1243.0)',
        at: '2022-09-30T13:44:36.6772228Z',
        evidence: [expect.objectContaining({ line: 1 })],
      },
    ]);
  });
});

describe('event XML helpers', () => {
  it('reads an SCM %%<n> insertion by event ID: Win32 error, service-specific code, or nothing', () => {
    expect(scmInsertionFailure(7023, '%%14')?.failure?.code).toBe('0x8007000e');
    expect(scmInsertionFailure(7024, '%%0')).toEqual({ failure: null, serviceSpecificExitCode: 0 });
    expect(scmInsertionFailure(7031, '%%14')).toBeNull();
    expect(scmInsertionFailure(7000, 'The system cannot find the file specified.')).toBeNull();
  });

  it('decodes the UTF-16 LE Binary of an SCM event', () => {
    expect(binaryAsText('730063006D002D007300650072007600650072000000')).toBe('scm-server');
    expect(binaryAsText('ZZ')).toBeNull();
  });

  it('decodes XML entities, including out-of-range character references without throwing', () => {
    expect(decodeXmlEntities('&#33258;&#21160;&lt;&amp;&#x41;&#99999999;')).toBe('自动<&A&#99999999;');
  });
});
