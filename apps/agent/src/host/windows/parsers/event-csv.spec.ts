import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCsvLayout, parseEventCsv, readCsvRows } from './event-csv';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseEventCsv', () => {
  const german = fixture('event-csv/de-winsw-180-7034.csv');

  it('reads a German Event Viewer CSV by position: source and event ID, the rest as printed', () => {
    const { records, layout, updates, warnings } = parseEventCsv(german);
    expect(warnings).toEqual([]);
    expect(layout).toBe('event-viewer');
    expect(updates).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        provider: 'Service Control Manager',
        eventId: 7034,
        level: 'Fehler',
        date: '10.01.2017 06:41:19',
        taskCategory: 'Keine',
        description: 'Dienst "test service" wurde unerwartet beendet. Dies ist bereits 1 Mal passiert.',
        scmMeaning: 'crashed',
        failure: null,
        evidence: [{ line: 1, text: german.split('\n')[0] }],
      }),
      expect.objectContaining({ provider: 'test-service', eventId: 0, level: 'Warnung', scmMeaning: null }),
    ]);
  });

  it('reads the Get-WinEvent | Export-Csv layout by its untranslated column names', () => {
    // No real Export-Csv capture was found; this puts the German capture's values under PowerShell's columns.
    const rows = readCsvRows(german).map((row) => row.fields);
    const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
    const text = [
      '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord',
      '"Message","Id","ProviderName","LevelDisplayName","TimeCreated"',
      ...rows.map((fields) =>
        [fields[5], fields[3], fields[2], fields[0], fields[1]].map((v) => quote(v ?? '')).join(','),
      ),
    ].join('\r\n');
    expect(eventCsvLayout(text)?.layout).toBe('powershell');
    const { records, layout } = parseEventCsv(text);
    expect(layout).toBe('powershell');
    expect(records[0]).toMatchObject({
      provider: 'Service Control Manager',
      eventId: 7034,
      level: 'Fehler',
      date: '10.01.2017 06:41:19',
      scmMeaning: 'crashed',
    });
    expect(records[0]?.evidence[0]?.line).toBe(3);
  });

  it('reads RFC 4180 quoting: doubled quotes, and a quoted field that spans lines as one row', () => {
    expect(readCsvRows('a,"b ""c""",d\r\ne,"f\ng",h\n')).toEqual([
      { fields: ['a', 'b "c"', 'd'], firstLine: 1, lastLine: 1 },
      { fields: ['e', 'f\ng', 'h'], firstLine: 2, lastLine: 3 },
    ]);
  });
  it('is not fooled by other CSV-like or plain text', () => {
    expect(eventCsvLayout(fixture('qfe/en-wufuc-92-wmic-qfe-list.txt'))).toBeNull();
    expect(eventCsvLayout(fixture('event-text/en-scptoolkit-7000-7009.txt'))).toBeNull();
    expect(parseEventCsv('just some notes\n').warnings).toHaveLength(1);
  });
});
