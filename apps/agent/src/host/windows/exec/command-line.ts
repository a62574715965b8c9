/**
 * A command the Windows host runs: an executable by absolute path and its arguments as an array (never
 * a shell string), with how its output is encoded and how long it may take.
 */

/** How a program writes its output: console programs use the OEM code page, PowerShell is told to write UTF-8. */
export type OutputEncoding = 'oem' | 'utf8' | 'utf16le';

export interface CommandLine {
  file: string;
  args: string[];
  output: OutputEncoding;
  timeoutMs: number;
  /** Exit codes that mean success for this command (reg.exe answers 1 for a missing key: not a failure). */
  okExitCodes: readonly number[];
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

/** `%SystemRoot%\System32\<name>`: absolute, so that nothing earlier on PATH can stand in for a system tool. */
export function system32(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
  return `${root}\\System32\\${name}`;
}

/** The command as a person would type it, for logs and evidence (arguments with spaces quoted). */
export function displayCommand(command: Pick<CommandLine, 'file' | 'args'>): string {
  const quote = (part: string) => (/[\s"]/.test(part) ? `"${part.replace(/"/g, '\\"')}"` : part);
  return [command.file, ...command.args].map(quote).join(' ');
}
