/**
 * The command lines of the remediation steps on Windows, as argument arrays (never shell strings), in the
 * syntax Microsoft documents. Success is decided by exit codes, never by output text (Windows translates it):
 *
 * - reg.exe (learn.microsoft.com/windows-server/administration/windows-commands/reg-export, reg-delete,
 *   reg-import): `reg export <KeyName> <FileName> [/y]`, `reg delete <keyname> [/f]`, `reg import <FileName>`;
 *   each returns 0 for success and 1 for failure. `/y` overwrites the file, `/f` deletes without asking.
 * - esentutl.exe (learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/
 *   hh875546 and hh875504, "Esentutl /repair"): `esentutl /g <database> [options]`, `esentutl /p <database>
 *   [options]`, where `/o` "suppresses the logo". Repair asks "You should only run Repair on damaged or
 *   corrupted databases … Do you wish to proceed?" in a message box; Microsoft's ESE sources
 *   (github.com/microsoft/Extensible-Storage-Engine, dev/ese/src/eseutil/eseutil.cxx, repair mode, and
 *   dev/ese/src/ese/repair.cxx) pass `/o` on as JET_bitDBUtilOptionSuppressLogo and show that box, and the
 *   integrity check's "database is not up-to-date" box, only without it, so `/o` makes both non-interactive.
 *   `/g` is left out of repair on purpose: the documentation says it "pauses the utility for user input …
 *   This option overrides the /o option". esentutl exits 0 on success and with the (negative) JET error
 *   otherwise (eseutil.cxx returns `err` from wmain).
 * - robocopy.exe (learn.microsoft.com/windows-server/administration/windows-commands/robocopy; exit codes in
 *   "Return codes that are used by the Robocopy utility"): the exit code is a bit mask, below 8 is success,
 *   8 and above means some files or directories could not be copied. `/e` copies subfolders including
 *   empty ones, `/mir` mirrors (`/e` plus `/purge`, deleting what the backup does not have), `/copy:DATS`
 *   keeps data, attributes, time stamps and ACLs, `/dcopy:T` folder time stamps; `/r:2 /w:1` instead of the
 *   default of a million retries 30 s apart; `/np /nfl /ndl` keep the output to the summary.
 * - Services through PowerShell 5.1 (Stop-Service, Start-Service, Restart-Service with `-ErrorAction Stop`,
 *   then ServiceController.WaitForStatus with a timeout, which throws when the state is not reached).
 *   `Stop-Service -Force` also stops the services that depend on it, as `net stop` offers to.
 * - Emptying a folder: PowerShell `Get-ChildItem -LiteralPath <folder> -Force | Remove-Item -Recurse -Force
 *   -ErrorAction Stop`: the children go, the folder stays.
 * - Installing an update: the Windows Update Agent API from PowerShell (see `installUpdate`).
 */
import { type CommandLine, system32 } from '../exec/command-line';
import { powerShell, psString } from '../commands/powershell';
import { assertRegistryPath } from '../commands/registry';
import { assertServiceName } from '../commands/services';

const REG_TIMEOUT_MS = 60_000;
const SERVICE_TIMEOUT_MS = 3 * 60_000;
/** How long a service may take to reach its state after the command. */
const SERVICE_WAIT_SECONDS = 120;
/** A large catalog database or a full SoftwareDistribution copy takes a while. */
const LONG_TIMEOUT_MS = 30 * 60_000;
/** Download and install of a cumulative update. */
export const UPDATE_INSTALL_TIMEOUT_MS = 2 * 60 * 60_000;

export class InvalidSystemPathError extends Error {
  constructor(readonly path: string) {
    super(`"${path}" is not a path under %SystemRoot%`);
    this.name = 'InvalidSystemPathError';
  }
}

/** `%SystemRoot%\System32\catroot2` → `C:\Windows\System32\catroot2`, from this process's environment. */
export function expandSystemRoot(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const match = /^%SystemRoot%\\(.+)$/i.exec(path);
  if (match?.[1] === undefined || /[\0\r\n"]|(^|\\)\.\.(\\|$)/.test(match[1]))
    throw new InvalidSystemPathError(path);
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
  return `${root}\\${match[1]}`;
}

export function regExport(key: string, file: string, env = process.env): CommandLine {
  return reg(['export', assertRegistryPath(key), file, '/y'], env);
}

export function regDelete(key: string, env = process.env): CommandLine {
  return reg(['delete', assertRegistryPath(key), '/f'], env);
}

export function regImport(file: string, env = process.env): CommandLine {
  return reg(['import', file], env);
}

function reg(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  return { file: system32('reg.exe', env), args, output: 'oem', timeoutMs: REG_TIMEOUT_MS, okExitCodes: [0] };
}

/** Integrity check: exit 0 when the database is sound. */
export function esentutlCheck(database: string, env = process.env): CommandLine {
  return esentutl(['/g', expandSystemRoot(database, env), '/o'], env);
}

export function esentutlRepair(database: string, env = process.env): CommandLine {
  return esentutl(['/p', expandSystemRoot(database, env), '/o'], env);
}

function esentutl(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  return {
    file: system32('esentutl.exe', env),
    args,
    output: 'oem',
    timeoutMs: LONG_TIMEOUT_MS,
    okExitCodes: [0],
  };
}

const ROBOCOPY_OPTIONS = ['/copy:DATS', '/dcopy:T', '/r:2', '/w:1', '/np', '/nfl', '/ndl'];
/** Robocopy's exit code is a bit mask: 0–7 is success, 8 and above a failure. */
export const ROBOCOPY_SUCCESS_CODES = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/** The folder copied into the backup, subfolders and empty ones included. */
export function robocopyBackup(folder: string, backup: string, env = process.env): CommandLine {
  return robocopy([expandSystemRoot(folder, env), backup, '/e', ...ROBOCOPY_OPTIONS], env);
}

/** The folder made exactly as the backup: copied back, and whatever the backup lacks deleted. */
export function robocopyRestore(backup: string, folder: string, env = process.env): CommandLine {
  return robocopy([backup, expandSystemRoot(folder, env), '/mir', ...ROBOCOPY_OPTIONS], env);
}

function robocopy(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  return {
    file: system32('robocopy.exe', env),
    args,
    output: 'oem',
    timeoutMs: LONG_TIMEOUT_MS,
    okExitCodes: ROBOCOPY_SUCCESS_CODES,
  };
}

/** Everything inside the folder deleted, the folder kept; a missing folder is an error. */
export function emptyFolder(folder: string, env = process.env): CommandLine {
  const path = psString(expandSystemRoot(folder, env));
  return powerShell(
    `if (-not (Test-Path -LiteralPath ${path} -PathType Container)) { exit 2 }; ` +
      `Get-ChildItem -LiteralPath ${path} -Force | Remove-Item -Recurse -Force -ErrorAction Stop`,
    LONG_TIMEOUT_MS,
    env,
  );
}

export type ServiceAction = 'stop' | 'start' | 'restart';

const SERVICE_COMMANDS: Readonly<Record<ServiceAction, { cmdlet: string; force: boolean; state: string }>> = {
  stop: { cmdlet: 'Stop-Service', force: true, state: 'Stopped' },
  start: { cmdlet: 'Start-Service', force: false, state: 'Running' },
  restart: { cmdlet: 'Restart-Service', force: true, state: 'Running' },
};

/** Stops, starts or restarts the service and waits until it is in that state. */
export function serviceCommand(action: ServiceAction, name: string, env = process.env): CommandLine {
  const service = psString(assertServiceName(name));
  const { cmdlet, force, state } = SERVICE_COMMANDS[action];
  return powerShell(
    `${cmdlet} -Name ${service}${force ? ' -Force' : ''} -ErrorAction Stop; ` +
      `(Get-Service -Name ${service} -ErrorAction Stop).WaitForStatus('${state}', ` +
      `[TimeSpan]::FromSeconds(${SERVICE_WAIT_SECONDS}))`,
    SERVICE_TIMEOUT_MS,
    env,
  );
}

/**
 * Installs one update by its KB number through the Windows Update Agent API, as Microsoft's "Searching,
 * Downloading, and Installing Updates" sample does (learn.microsoft.com/windows/win32/wua_sdk): a
 * Microsoft.Update.Session, its searcher with `IsInstalled=0`, the updates whose KBArticleIDs hold the number
 * (EULAs accepted: no one is there to click), the session's downloader, then its installer with
 * AllowSourcePrompts off. ForceQuiet is not set: it applies to Windows Installer packages and an update that
 * does not support it fails with WU_E_UH_DOESNOTSUPPORTACTION. The script prints one JSON object (see
 * update-install-result.ts): the numbers are OperationResultCode values and HRESULTs, whatever the language.
 */
export function installUpdate(kb: string, env = process.env): CommandLine {
  const digits = /^KB(\d{6,8})$/i.exec(kb)?.[1];
  if (digits === undefined) throw new Error(`"${kb}" is not a KB number such as KB5005030`);
  const script = [
    'try {',
    '$session = New-Object -ComObject Microsoft.Update.Session',
    "$session.ClientApplicationID = 'FleetMedic'",
    '$searcher = $session.CreateUpdateSearcher()',
    "$search = $searcher.Search('IsInstalled=0')",
    '$updates = New-Object -ComObject Microsoft.Update.UpdateColl',
    `foreach ($update in $search.Updates) { if (@($update.KBArticleIDs) -contains ${psString(digits)}) {`,
    ' if (-not $update.EulaAccepted) { $update.AcceptEula() }; [void]$updates.Add($update) } }',
    '$result = @{ found = $updates.Count }',
    'if ($updates.Count -gt 0) {',
    ' $downloader = $session.CreateUpdateDownloader(); $downloader.Updates = $updates',
    ' $download = $downloader.Download()',
    ' $result.download = @{ resultCode = [int]$download.ResultCode; hResult = [int]$download.HResult }',
    ' if ($download.ResultCode -eq 2 -or $download.ResultCode -eq 3) {',
    '  $installer = $session.CreateUpdateInstaller(); $installer.AllowSourcePrompts = $false',
    '  $installer.Updates = $updates',
    '  $install = $installer.Install()',
    '  $result.install = @{ resultCode = [int]$install.ResultCode; hResult = [int]$install.HResult;',
    '   rebootRequired = [bool]$install.RebootRequired; updates = @(for ($i = 0; $i -lt $updates.Count; $i++) {',
    '   $one = $install.GetUpdateResult($i); @{ title = [string]$updates.Item($i).Title;',
    '   resultCode = [int]$one.ResultCode; hResult = [int]$one.HResult } }) } } }',
    'ConvertTo-Json -InputObject $result -Compress -Depth 5',
    '} catch {',
    '$cause = $_.Exception; while ($null -ne $cause.InnerException) { $cause = $cause.InnerException }',
    'ConvertTo-Json -InputObject @{ error = @{ hResult = [int]$cause.HResult; message = [string]$cause.Message } } -Compress',
    'exit 1 }',
  ].join('\n');
  return { ...powerShell(script, UPDATE_INSTALL_TIMEOUT_MS, env), okExitCodes: [0, 1] };
}
