/**
 * Event log queries with `wevtutil qe`, as XML — locale-independent where the message text is not —
 * newest first, wrapped in one root element, written as Unicode (UTF-16LE) so no code page is involved.
 * Syntax: `wevtutil qe <Path> /q:<Query> /rd:true /f:xml /c:<Count> /e:<Element> /uni:true`.
 */
import { type CommandLine, system32 } from '../exec/command-line';

/** Service Control Manager events about services failing to start, hanging or dying. */
export const SCM_EVENT_IDS = [7000, 7001, 7009, 7011, 7022, 7023, 7024, 7031, 7034] as const;
/** Windows Update client: 19 installed, 20 installation failure, 43 installation started. */
export const WINDOWS_UPDATE_EVENT_IDS = [19, 20, 43] as const;

export const SCM_PROVIDER = 'Service Control Manager';
export const WINDOWS_UPDATE_PROVIDER = 'Microsoft-Windows-WindowsUpdateClient';

export const EVENTS_ROOT_ELEMENT = 'Events';

/** XPath over the System log: one provider, some event ids, within the last `withinMs`. */
export function eventXPath(provider: string, ids: readonly number[], withinMs: number): string {
  const idFilter = ids.map((id) => `EventID=${id}`).join(' or ');
  return (
    `*[System[Provider[@Name='${provider}'] and (${idFilter}) and ` +
    `TimeCreated[timediff(@SystemTime) <= ${Math.floor(withinMs)}]]]`
  );
}

export function systemEventsQuery(
  provider: string,
  ids: readonly number[],
  withinMs: number,
  max: number,
): CommandLine {
  return {
    file: system32('wevtutil.exe'),
    args: [
      'qe',
      'System',
      `/q:${eventXPath(provider, ids, withinMs)}`,
      '/rd:true',
      '/f:xml',
      `/c:${max}`,
      `/e:${EVENTS_ROOT_ELEMENT}`,
      '/uni:true',
    ],
    output: 'utf16le',
    timeoutMs: 30_000,
    okExitCodes: [0],
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function scmEventsQuery(withinMs = DAY_MS, max = 200): CommandLine {
  return systemEventsQuery(SCM_PROVIDER, SCM_EVENT_IDS, withinMs, max);
}

export function windowsUpdateEventsQuery(withinMs = 30 * DAY_MS, max = 200): CommandLine {
  return systemEventsQuery(WINDOWS_UPDATE_PROVIDER, WINDOWS_UPDATE_EVENT_IDS, withinMs, max);
}
