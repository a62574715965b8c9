/**
 * The exact command lines of the remediation steps, against the syntax Microsoft documents (see the sources
 * in commands.ts): argument arrays with absolute paths to the system tools, `%SystemRoot%` expanded from the
 * environment, and the exit codes that mean success.
 */
import { decodePowerShellScript } from '../commands/powershell';
import {
  InvalidSystemPathError,
  ROBOCOPY_SUCCESS_CODES,
  emptyFolder,
  esentutlCheck,
  esentutlRepair,
  expandSystemRoot,
  installUpdate,
  regDelete,
  regExport,
  regImport,
  robocopyBackup,
  robocopyRestore,
  serviceCommand,
} from './commands';

const env = { SystemRoot: 'D:\\Win' };
const KEY = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';
const BACKUP = 'C:\\ProgramData\\FleetMedic\\backups\\0196f3a0-5a4e-7c1e-9b1a-3f0c2d4e5f60';
const CATDB = '%SystemRoot%\\System32\\catroot2\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb';

const scriptOf = (args: readonly string[]): string => decodePowerShellScript(args[args.length - 1]!);

describe('remediation command lines', () => {
  it('expands %SystemRoot% from the environment and refuses anything else', () => {
    expect(expandSystemRoot('%SystemRoot%\\System32\\catroot2', env)).toBe('D:\\Win\\System32\\catroot2');
    expect(expandSystemRoot('%systemroot%\\SoftwareDistribution', { SYSTEMROOT: 'C:\\WINDOWS' })).toBe(
      'C:\\WINDOWS\\SoftwareDistribution',
    );
    expect(() => expandSystemRoot('C:\\Users', env)).toThrow(InvalidSystemPathError);
    expect(() => expandSystemRoot('%SystemRoot%\\..\\Users', env)).toThrow(InvalidSystemPathError);
  });

  it('reg export KEY FILE /y, reg delete KEY /f, reg import FILE: exit 0 is success', () => {
    expect(regExport(KEY, `${BACKUP}\\rpc-internet.reg`, env)).toEqual({
      file: 'D:\\Win\\System32\\reg.exe',
      args: ['export', KEY, `${BACKUP}\\rpc-internet.reg`, '/y'],
      output: 'oem',
      timeoutMs: 60_000,
      okExitCodes: [0],
    });
    expect(regDelete(KEY, env)).toMatchObject({
      file: 'D:\\Win\\System32\\reg.exe',
      args: ['delete', KEY, '/f'],
      okExitCodes: [0],
    });
    expect(regImport(`${BACKUP}\\rpc-internet.reg`, env)).toMatchObject({
      args: ['import', `${BACKUP}\\rpc-internet.reg`],
      okExitCodes: [0],
    });
    expect(() => regDelete('HKLM\\Software\\"x', env)).toThrow(/not a registry key path/);
  });

  it('esentutl /g DB /o and esentutl /p DB /o: no logo, so no confirmation box either', () => {
    expect(esentutlCheck(CATDB, env)).toMatchObject({
      file: 'D:\\Win\\System32\\esentutl.exe',
      args: ['/g', 'D:\\Win\\System32\\catroot2\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb', '/o'],
      okExitCodes: [0],
    });
    expect(esentutlRepair(CATDB, env).args).toEqual([
      '/p',
      'D:\\Win\\System32\\catroot2\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb',
      '/o',
    ]);
  });

  it('robocopy copies a folder into its backup and mirrors it back; 0-7 are success', () => {
    expect(robocopyBackup('%SystemRoot%\\System32\\catroot2', `${BACKUP}\\catroot2`, env)).toEqual({
      file: 'D:\\Win\\System32\\robocopy.exe',
      args: [
        'D:\\Win\\System32\\catroot2',
        `${BACKUP}\\catroot2`,
        '/e',
        '/copy:DATS',
        '/dcopy:T',
        '/r:2',
        '/w:1',
        '/np',
        '/nfl',
        '/ndl',
      ],
      output: 'oem',
      timeoutMs: 30 * 60_000,
      okExitCodes: [0, 1, 2, 3, 4, 5, 6, 7],
    });
    expect(robocopyRestore(`${BACKUP}\\catroot2`, '%SystemRoot%\\System32\\catroot2', env).args).toEqual([
      `${BACKUP}\\catroot2`,
      'D:\\Win\\System32\\catroot2',
      '/mir',
      '/copy:DATS',
      '/dcopy:T',
      '/r:2',
      '/w:1',
      '/np',
      '/nfl',
      '/ndl',
    ]);
    expect(ROBOCOPY_SUCCESS_CODES).not.toContain(8);
  });

  it('empties a folder by removing its children with PowerShell, keeping the folder', () => {
    const command = emptyFolder('%SystemRoot%\\SoftwareDistribution', env);
    expect(command.file).toBe('D:\\Win\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(command.args.slice(0, 6)).toEqual([
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
    ]);
    expect(scriptOf(command.args)).toContain(
      "if (-not (Test-Path -LiteralPath 'D:\\Win\\SoftwareDistribution' -PathType Container)) { exit 2 }; " +
        "Get-ChildItem -LiteralPath 'D:\\Win\\SoftwareDistribution' -Force | Remove-Item -Recurse -Force -ErrorAction Stop",
    );
  });

  it('stops, starts and restarts services with PowerShell and waits for the state', () => {
    expect(scriptOf(serviceCommand('stop', 'CryptSvc', env).args)).toContain(
      "Stop-Service -Name 'CryptSvc' -Force -ErrorAction Stop; " +
        "(Get-Service -Name 'CryptSvc' -ErrorAction Stop).WaitForStatus('Stopped', [TimeSpan]::FromSeconds(120))",
    );
    expect(scriptOf(serviceCommand('start', 'Spooler', env).args)).toContain(
      "Start-Service -Name 'Spooler' -ErrorAction Stop; " +
        "(Get-Service -Name 'Spooler' -ErrorAction Stop).WaitForStatus('Running', [TimeSpan]::FromSeconds(120))",
    );
    expect(scriptOf(serviceCommand('restart', 'BITS', env).args)).toContain(
      "Restart-Service -Name 'BITS' -Force -ErrorAction Stop;",
    );
    expect(() => serviceCommand('start', "Spooler'; Remove-Item C:\\", env)).toThrow(/not a service name/);
  });

  it('installs an update through the Windows Update Agent API, by KB number, without prompts', () => {
    const command = installUpdate('KB5005030', env);
    expect(command.timeoutMs).toBe(2 * 60 * 60_000);
    expect(command.okExitCodes).toEqual([0, 1]);
    const script = scriptOf(command.args);
    for (const part of [
      'New-Object -ComObject Microsoft.Update.Session',
      "$searcher.Search('IsInstalled=0')",
      "@($update.KBArticleIDs) -contains '5005030'",
      '$update.AcceptEula()',
      '$session.CreateUpdateDownloader()',
      '$session.CreateUpdateInstaller(); $installer.AllowSourcePrompts = $false',
      '$install = $installer.Install()',
      'rebootRequired = [bool]$install.RebootRequired',
      '$install.GetUpdateResult($i)',
    ])
      expect(script).toContain(part);
    expect(() => installUpdate('KB5005030; Restart-Computer', env)).toThrow(/not a KB number/);
  });
});
