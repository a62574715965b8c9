/**
 * PowerShell invocations: Windows PowerShell 5.1 by absolute path, no profile, no prompts, the script
 * passed as -EncodedCommand (Base64 of UTF-16LE, as `powershell.exe -?` documents) so that no quoting
 * rule of cmd or of the C runtime can change it, and output forced to UTF-8.
 */
import { type CommandLine, DEFAULT_COMMAND_TIMEOUT_MS, system32 } from '../exec/command-line';

/** Console output as UTF-8 and no progress records: the JSON on stdout is all there is. */
export const POWERSHELL_PRELUDE =
  "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; " +
  '[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false; ';

export function encodePowerShellScript(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function decodePowerShellScript(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf16le');
}

export function powerShell(
  script: string,
  timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
  env = process.env,
): CommandLine {
  return {
    file: system32('WindowsPowerShell\\v1.0\\powershell.exe', env),
    args: [
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
      encodePowerShellScript(POWERSHELL_PRELUDE + script),
    ],
    output: 'utf8',
    timeoutMs,
    okExitCodes: [0],
  };
}

/** A PowerShell single-quoted string literal: the only escape is a doubled quote. */
export function psString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
