/**
 * Which kind of Windows output a file holds, for `fleetmedic-agent explain FILE`. Each test looks at
 * structure that survives localization (XML elements, timestamps, `[HRESULT = …]`, block layouts, property
 * names PowerShell does not translate), checked from the most to the least specific.
 */
import { eventCsvLayout } from './event-csv';
import { looksBinary, splitLines } from './lines';
import { readScBlocks } from './sc-blocks';

export const OUTPUT_KINDS = [
  'event-xml',
  'event-text',
  'event-csv',
  'reg-file',
  'cbs-log',
  'windows-update-log',
  'esentutl',
  'dism',
  'psservice',
  'sc-query',
  'sc-qc',
  'reg-query',
  'win32-service',
  'qfe',
  'get-service',
] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** What `explain` prints when it cannot tell: one line per supported kind. */
export const OUTPUT_KIND_DESCRIPTIONS: Readonly<Record<OutputKind, string>> = {
  'event-xml': 'event log XML (wevtutil qe /f:xml, Get-WinEvent ToXml(), Event Viewer XML view)',
  'event-text': 'event log text (Event Viewer "Copy details as text", wevtutil /f:text)',
  'event-csv': 'event log CSV (Event Viewer "Save as CSV", Get-WinEvent | Export-Csv)',
  'reg-file': 'registry export (.reg, "Windows Registry Editor Version 5.00" / REGEDIT4)',
  'cbs-log': 'CBS.log or dism.log',
  'windows-update-log': 'WindowsUpdate.log (classic or Get-WindowsUpdateLog)',
  esentutl: 'esentutl output (/g, /p, /mh, /r, /d)',
  dism: 'DISM console output (/CheckHealth, /ScanHealth, /RestoreHealth, /Add-Package …)',
  psservice: 'Sysinternals PsService output',
  'sc-query': 'sc query / sc queryex / sc start output',
  'sc-qc': 'sc qc output',
  'reg-query': 'reg query output',
  'win32-service': 'Win32_Service from PowerShell (ConvertTo-Json or Format-List)',
  qfe: 'installed updates (Get-HotFix, wmic qfe, Win32_QuickFixEngineering)',
  'get-service': 'Get-Service table',
};

export type DetectedKind =
  | { kind: OutputKind; reason: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'binary'; reason: string };

const EVENT_XML = /<Event\s+xmlns=['"]http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event['"]/;
const REG_HEADER = /^\s*(?:Windows Registry Editor Version \d+\.\d+|REGEDIT4)\s*$/m;
const CBS_LINE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\s+\S+\s+(?:CBS|CSI|DISM|DPX|SXS)\s/;
const CBS_HRESULT = /\[HRESULT\s*=\s*0x[0-9a-fA-F]{8}/;
const WU_CLASSIC = /^\s*\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}:\d{2}:\d{3}\s+\d+\s+[0-9a-f]+\s/im;
const WU_ETW = /^\s*\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{7}\s+\d+\s+\d+\s/m;
const ESENTUTL = /Extensible Storage Engine Utilities|\besentutl(?:\.exe)?\s+\/|-\d{3,5}\s*\(JET_err\w+/i;
const DISM_VERSION = /^\s*[^:：]{1,40}[:：]\s*\d+\.\d+\.\d+\.\d+\s*$/gm;
const DISM_PROGRESS = /\[=+\s*\d{1,3}(?:\.\d)?%\s*=*\s*\]/;
const PSSERVICE = /PsService v\d/;
const REG_QUERY_KEY = /^HKEY_(?:LOCAL_MACHINE|CURRENT_USER|USERS|CLASSES_ROOT|CURRENT_CONFIG)\b/m;
const REG_QUERY_VALUE = /^ {4}.*? {4}REG_[A-Z_]+/m;
const WIN32_SERVICE = /"?\b(?:ServiceSpecificExitCode|StartMode)\b"?\s*:|Win32_Service\.Name=/;
const QFE = /\bHotFixID\b/;
const GET_SERVICE = /^\s*Status\s+Name\s+DisplayName\s*$|^\s*(?:Running|Stopped)\s{2,}\S+\s+\S/m;

function eventTextHeader(text: string): boolean {
  const lines = splitLines(text.slice(0, 20000)).map((line) => line.text);
  for (let index = 0; index + 3 < lines.length; index += 1) {
    const fields = [0, 1, 2, 3].map((offset) =>
      /^\s*[^:：]{1,40}?\s*[:：]\s*(.*?)\s*$/.exec(lines[index + offset] ?? ''),
    );
    if (
      fields.every((field) => field !== null && (field[1] ?? '') !== '') &&
      /^\d{1,5}$/.test(fields[3]?.[1] ?? '')
    ) {
      const source = fields[1]?.[1] ?? '';
      if (/Service Control Manager|^Microsoft-Windows-|^[A-Za-z][\w .-]*$/.test(source)) return true;
    }
  }
  return false;
}

export function detectKind(text: string): DetectedKind {
  if (looksBinary(text)) return { kind: 'binary', reason: 'the file contains binary data, not text output' };
  if (text.trim() === '') return { kind: 'unknown', reason: 'the file is empty' };
  const head = text.slice(0, 200000);
  if (EVENT_XML.test(head)) {
    const xmlAt = head.search(EVENT_XML);
    if (eventTextHeader(head.slice(0, xmlAt)))
      return { kind: 'event-text', reason: 'Event Viewer text copy with an Event Xml section' };
    return {
      kind: 'event-xml',
      reason: '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
    };
  }
  if (REG_HEADER.test(head)) return { kind: 'reg-file', reason: 'registry editor header line' };
  if (CBS_LINE.test(head) || CBS_HRESULT.test(head))
    return { kind: 'cbs-log', reason: 'CBS.log line layout or [HRESULT = 0x…]' };
  if (WU_CLASSIC.test(head) || WU_ETW.test(head))
    return { kind: 'windows-update-log', reason: 'WindowsUpdate.log line layout' };
  if (ESENTUTL.test(head)) return { kind: 'esentutl', reason: 'esentutl banner, command line or JET error' };
  if (DISM_PROGRESS.test(head) || (head.match(DISM_VERSION)?.length ?? 0) >= 2) {
    return { kind: 'dism', reason: 'DISM version lines or progress bar' };
  }
  const eventCsv = eventCsvLayout(head);
  if (eventCsv !== null) return { kind: 'event-csv', reason: eventCsv.reason };
  if (PSSERVICE.test(head)) return { kind: 'psservice', reason: 'PsService banner' };
  const sc = readScBlocks(splitLines(head));
  if (sc.blocks.some((block) => block.kind === 'status'))
    return { kind: 'sc-query', reason: 'sc status block layout' };
  if (sc.blocks.some((block) => block.kind === 'config'))
    return { kind: 'sc-qc', reason: 'sc configuration block layout' };
  if (sc.errors.length > 0) return { kind: 'sc-query', reason: '[SC] <API> … <error>: line' };
  if (REG_QUERY_KEY.test(head) && REG_QUERY_VALUE.test(head))
    return { kind: 'reg-query', reason: 'reg query key and value lines' };
  if (WIN32_SERVICE.test(head)) return { kind: 'win32-service', reason: 'Win32_Service property names' };
  if (QFE.test(head)) return { kind: 'qfe', reason: 'HotFixID property' };
  if (GET_SERVICE.test(head)) return { kind: 'get-service', reason: 'Get-Service table rows' };
  if (eventTextHeader(head))
    return { kind: 'event-text', reason: 'event header: source, date, numeric event ID' };
  if (REG_QUERY_KEY.test(head)) return { kind: 'reg-query', reason: 'reg query key line' };
  return { kind: 'unknown', reason: 'none of the supported Windows output layouts was recognized' };
}
