/**
 * What every command needs to know about this PC before its output can be read: the OEM code page
 * (HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage, value OEMCP), read once.
 */
import { oemCodePageQuery } from './commands/registry';
import { type CommandRunner, type RunContext, runChecked } from './exec/run-command';
import { parseRegQuery } from './parsers';

/** US English consoles: what output is decoded as until the real code page is known. */
export const FALLBACK_OEM_CODE_PAGE = 437;

export async function readRunContext(runner: CommandRunner): Promise<RunContext> {
  // reg.exe prints this key's listing in ASCII, whatever the code page.
  const bootstrap: RunContext = { oemCodePage: FALLBACK_OEM_CODE_PAGE };
  const result = await runChecked(runner, oemCodePageQuery(), bootstrap);
  const value = parseRegQuery(result.stdout).records[0]?.values.find(
    (entry) => entry.name.toUpperCase() === 'OEMCP',
  );
  const codePage = Number.parseInt(value?.raw ?? '', 10);
  return { oemCodePage: Number.isInteger(codePage) && codePage > 0 ? codePage : FALLBACK_OEM_CODE_PAGE };
}
