/**
 * The exact command lines the Windows host runs, against the syntax Microsoft documents:
 * - sc.exe: `sc.exe [<servername>] queryex [<servicename>]`, `sc.exe [<servername>] qc <servicename>`
 * - wevtutil: `wevtutil {qe | query-events} <Path> [/q:<Query>] [/rd:<Direction>] [/f:<Format>] [/c:<Count>] [/e:<Element>] [/uni:<Unicode>]`
 * - reg.exe: `reg query <keyname> [{/v <valuename> | /ve}]`
 * - powershell.exe: `-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <Base64 UTF-16LE>`
 */
import { decodePowerShellScript } from './powershell';
import { scmEventsQuery, windowsUpdateEventsQuery } from './events';
import { hostFactsQuery, quickFixEngineeringQuery } from './facts';
import { PENDING_REBOOT_MARKERS, oemCodePageQuery, regQuery } from './registry';
import { scQc, scQueryEx, win32ServiceQuery } from './services';

const env = { SystemRoot: 'C:\\Windows' };

describe('service commands', () => {
  it('queries services through CIM in one PowerShell call', () => {
    const command = win32ServiceQuery(['Spooler', 'CryptSvc']);
    expect(command.file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(command.args.slice(0, 6)).toEqual([
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
    ]);
    const script = decodePowerShellScript(command.args[6]!);
    expect(script).toContain('[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false');
    expect(script).toContain(
      `Get-CimInstance -ClassName Win32_Service -Filter "Name='Spooler' OR Name='CryptSvc'" | ` +
        'Select-Object -Property Name,DisplayName,State,StartMode,DelayedAutoStart,ExitCode,ServiceSpecificExitCode,ProcessId',
    );
    expect(script).toContain('ConvertTo-Json -InputObject $services -Compress -Depth 2');
    expect(command.output).toBe('utf8');
  });

  it('falls back to sc.exe queryex and qc', () => {
    expect(scQueryEx('Spooler', env)).toMatchObject({
      file: 'C:\\Windows\\System32\\sc.exe',
      args: ['queryex', 'Spooler'],
      output: 'oem',
      okExitCodes: [0, 1060],
    });
    expect(scQc('wuauserv', env)).toMatchObject({
      file: 'C:\\Windows\\System32\\sc.exe',
      args: ['qc', 'wuauserv'],
    });
  });

  it('refuses a service name that would need quoting', () => {
    expect(() => win32ServiceQuery(["Spooler' OR Name LIKE '%"])).toThrow(/not a service name/);
    expect(() => scQueryEx('a&calc', env)).toThrow(/not a service name/);
  });
});

describe('event log commands', () => {
  it('reads Service Control Manager start failures of the last day as Unicode XML, newest first', () => {
    const command = scmEventsQuery();
    expect(command.file).toMatch(/\\System32\\wevtutil\.exe$/);
    expect(command.args).toEqual([
      'qe',
      'System',
      "/q:*[System[Provider[@Name='Service Control Manager'] and (EventID=7000 or EventID=7001 or EventID=7009 or " +
        'EventID=7011 or EventID=7022 or EventID=7023 or EventID=7024 or EventID=7031 or EventID=7034) and ' +
        'TimeCreated[timediff(@SystemTime) <= 86400000]]]',
      '/rd:true',
      '/f:xml',
      '/c:200',
      '/e:Events',
      '/uni:true',
    ]);
    expect(command.output).toBe('utf16le');
  });

  it('reads Windows Update client events 19, 20 and 43', () => {
    expect(windowsUpdateEventsQuery().args[2]).toBe(
      "/q:*[System[Provider[@Name='Microsoft-Windows-WindowsUpdateClient'] and (EventID=19 or EventID=20 or EventID=43) and " +
        'TimeCreated[timediff(@SystemTime) <= 2592000000]]]',
    );
  });
});

describe('registry commands', () => {
  it('queries a key, or one value of it', () => {
    expect(regQuery('HKLM\\Software\\Microsoft\\Rpc\\Internet').args).toEqual([
      'query',
      'HKLM\\Software\\Microsoft\\Rpc\\Internet',
    ]);
    expect(oemCodePageQuery().args).toEqual([
      'query',
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage',
      '/v',
      'OEMCP',
    ]);
    expect(regQuery('HKLM\\x').okExitCodes).toEqual([0, 1]);
  });

  it('refuses what is not a registry path', () => {
    expect(() => regQuery('C:\\Windows')).toThrow(/not a registry key path/);
    expect(() => regQuery('HKLM\\a"b')).toThrow(/not a registry key path/);
  });

  it('checks the pending-restart markers of servicing and Windows Update', () => {
    expect(PENDING_REBOOT_MARKERS.map((marker) => marker.reason)).toEqual([
      'Component Based Servicing',
      'Windows Update',
      'PendingFileRenameOperations',
      'UpdateExeVolatile',
    ]);
  });
});

describe('facts commands', () => {
  it('reads OS, build revision, edition and machine GUID without localized values', () => {
    const script = decodePowerShellScript(hostFactsQuery().args[6]!);
    expect(script).toContain('Get-CimInstance -ClassName Win32_OperatingSystem');
    expect(script).toContain(
      "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'",
    );
    expect(script).toContain('architecture = $env:PROCESSOR_ARCHITECTURE');
    expect(script).toContain('-Name MachineGuid');
  });

  it('lists installed updates from Win32_QuickFixEngineering', () => {
    const script = decodePowerShellScript(quickFixEngineeringQuery().args[6]!);
    expect(script).toContain('Get-CimInstance -ClassName Win32_QuickFixEngineering');
    expect(script).toContain('Select-Object -Property HotFixID,Description,InstalledOn');
  });
});
