/**
 * The Windows host's reading logic with the processes replaced by recorded answers. Every answer that
 * stands for a Windows tool's output is a real capture from parsers/fixtures (source beside each); the
 * facts JSON is the shape of FleetMedic's own facts script (commands/facts.ts), not a Windows format.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandLine } from './exec/command-line';
import { CommandFailedError, type CommandRunner, type ProcessResult } from './exec/run-command';
import { CbsLogTail } from './cbs-log-tail';
import { decodePowerShellScript } from './commands/powershell';
import { PatchHistory } from './patch-history';
import { mergeUpdateResults } from './patch-reader';
import { parseCbsLog, parseEventXml, parseScOutput } from './parsers';
import { readServices, serviceStatusFrom } from './service-reader';
import { WindowsHost } from './windows-host';

const FIXTURES = path.join(__dirname, 'parsers/fixtures');
const fixture = (relative: string) => fs.readFileSync(path.join(FIXTURES, relative), 'utf8');
const context = { oemCodePage: 866 };

function answer(stdout: string, exitCode = 0): ProcessResult {
  return { exitCode, stdout, stderr: '', timedOut: false, truncated: false };
}

/** A runner that answers by the command's first distinguishing argument, and records what ran. */
function recordedRunner(
  answers: (command: CommandLine) => ProcessResult | Error,
): CommandRunner & { ran: string[] } {
  const ran: string[] = [];
  const runner = async (command: CommandLine) => {
    const script = command.args.includes('-EncodedCommand')
      ? decodePowerShellScript(command.args.at(-1) ?? '')
      : '';
    ran.push(
      script.includes('Win32_Service')
        ? 'cim-services'
        : `${path.basename(command.file)} ${command.args.slice(0, 2).join(' ')}`,
    );
    const result = answers(command);
    if (result instanceof Error) throw result;
    return result;
  };
  return Object.assign(runner, { ran });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fleetmedic-windows-host-'));
}

describe('reading services', () => {
  it('falls back to sc.exe when CIM fails, and reads a Russian sc output by its numbers', async () => {
    const runner = recordedRunner((command) => {
      if (command.file.endsWith('powershell.exe'))
        return new CommandFailedError('powershell.exe', null, 'could not start');
      if (command.args[0] === 'queryex') return answer(fixture('sc-query/ru-belfproctor-query.txt'));
      if (command.args[0] === 'qc') return answer(fixture('sc-qc/ru-belfproctor-qc.txt'));
      return new Error(`unexpected ${command.file}`);
    });
    const { services, fallbackReason } = await readServices(runner, context, ['BelfProctor']);
    expect(fallbackReason).toMatch(/could not start/);
    expect(services).toEqual([
      expect.objectContaining({
        name: 'BelfProctor',
        state: 'RUNNING',
        startType: 'AUTO_START',
        startError: null,
      }),
    ]);
    // A running service needs no explaining: no event query was made.
    expect(runner.ran).not.toContainEqual(expect.stringMatching(/wevtutil/));
  });

  it('leaves out a service that is not installed (sc.exe exit code 1060)', async () => {
    const runner = recordedRunner((command) =>
      command.file.endsWith('powershell.exe')
        ? new CommandFailedError('powershell.exe', null, 'exited with 1')
        : answer(fixture('sc-query/zh-pcap-dnsproxy-openservice-1060.txt'), 1060),
    );
    await expect(readServices(runner, context, ['PcapDNSProxyService'])).resolves.toEqual({
      services: [],
      fallbackReason: expect.any(String),
    });
  });

  it('does not guess a start type when sc qc answers nothing', async () => {
    const runner = recordedRunner((command) => {
      if (command.file.endsWith('powershell.exe'))
        return new CommandFailedError('powershell.exe', null, 'exited with 1');
      if (command.args[0] === 'queryex') return answer(fixture('sc-query/en-npcap-query-win32-exit-2.txt'));
      return answer('');
    });
    await expect(readServices(runner, context, ['npcap'])).resolves.toMatchObject({ services: [] });
  });

  it('explains a stopped service with its exit code and the Service Control Manager events about it', () => {
    const [record] = parseScOutput(fixture('sc-query/en-npcap-query-win32-exit-2.txt')).records;
    const events = parseEventXml(fixture('event-xml/en-npcap-7000-param-87.txt')).records;
    // The real `sc query npcap` capture has no `sc qc` beside it; the start type is the one assumption here.
    const status = serviceStatusFrom(
      { ...record!, displayName: 'Npcap Packet Driver (NPCAP)', startType: 'AUTO_START' },
      events,
    );
    expect(status).toMatchObject({
      name: 'npcap',
      state: 'STOPPED',
      win32ExitCode: 2,
      startError: '0x80070002',
      startErrorOriginal: '2',
    });
    expect(status?.evidence.join('\n')).toContain('%%87');
  });

  it('takes the start error from the event when the exit code says nothing', () => {
    const [record] = parseScOutput(fixture('sc-query/en-npcap-query-win32-exit-2.txt')).records;
    const events = parseEventXml(fixture('event-xml/en-npcap-7000-param-87.txt')).records;
    const status = serviceStatusFrom(
      {
        ...record!,
        displayName: 'Npcap Packet Driver (NPCAP)',
        startType: 'AUTO_START',
        win32ExitCode: 0,
        failure: null,
      },
      events,
    );
    expect(status).toMatchObject({ startError: '0x80070057', startErrorOriginal: '%%87' });
  });
});

describe('following CBS.log', () => {
  it('finds case B once, reads only what is appended, and starts over after rotation', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'CBS.log');
    const caseB = fixture('cbs-log/case-b-catroot2-kb5005030.log');
    fs.writeFileSync(log, caseB);
    const tail = new CbsLogTail(log, dir);

    const first = await tail.readNewFailures();
    expect(first).toContainEqual(
      expect.objectContaining({ kb: 'KB5005030', failure: expect.objectContaining({ code: '0x8e5e03fa' }) }),
    );
    await expect(tail.readNewFailures()).resolves.toEqual([]);

    fs.appendFileSync(log, fixture('cbs-log/en-pastebin-q94z3v4c-store-corruption.log'));
    const appended = await tail.readNewFailures();
    expect(appended.length).toBeGreaterThan(0);
    expect(appended.every((record) => record.kb !== 'KB5005030')).toBe(true);

    fs.writeFileSync(log, caseB.split('\n').slice(0, 3).join('\n') + '\n');
    const rotated = await tail.readNewFailures();
    expect(rotated.map((record) => record.kb)).toContain('KB5005030');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('update results', () => {
  const caseB = parseCbsLog(fixture('cbs-log/case-b-catroot2-kb5005030.log')).records;

  it('reports case B as a failed KB with its package, code and CBS lines', () => {
    const [result] = mergeUpdateResults([], caseB, new Set());
    expect(result).toMatchObject({
      kb: 'KB5005030',
      status: 'failed',
      code: '0x8e5e03fa',
      package: 'Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3',
    });
    expect(result?.evidence[0]).toContain('CryptCATAdminAddCatalog');
  });

  it('reports a KB installed once it is installed, whatever failed before', () => {
    expect(mergeUpdateResults([], caseB, new Set(['KB5005030']))[0]).toMatchObject({
      status: 'installed',
      code: null,
    });
  });

  it('keeps reporting a failure until the KB is installed, then reports it installed', async () => {
    const dir = tempDir();
    const history = new PatchHistory(dir);
    const failed = mergeUpdateResults([], caseB, new Set());
    await expect(history.update(failed, new Set())).resolves.toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
    // A later probe sees no news about KB5005030 (the log moved on): the failure is still reported.
    const reloaded = new PatchHistory(dir);
    await expect(reloaded.update([], new Set())).resolves.toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
    await expect(reloaded.update([], new Set(['KB5005030']))).resolves.toEqual([
      expect.objectContaining({ kb: 'KB5005030', status: 'installed', code: null }),
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('WindowsHost', () => {
  it('reads the facts: build with revision, edition, machine GUID, installed KBs, watched keys, pending restart', async () => {
    const dir = tempDir();
    const factsJson = JSON.stringify({
      hostname: 'PC-0042',
      caption: 'Microsoft Windows 10 企业版 LTSC',
      version: '10.0.17763',
      buildNumber: '17763',
      ubr: 2183,
      editionId: 'EnterpriseS',
      displayVersion: null,
      architecture: 'AMD64',
      domain: 'CORP',
      partOfDomain: true,
      lastBootAt: '2026-11-21T23:10:00.0000000Z',
      machineGuid: '4c4c4544-0042-3510-8052-b4c04f4e4e32',
    });
    const runner = recordedRunner((command) => {
      if (command.file.endsWith('reg.exe')) {
        const key = command.args[1] ?? '';
        if (key.endsWith('RDP-Tcp')) return answer(fixture('reg-query/en-ckurity-rdp-portnumber.txt'));
        return answer('', 1);
      }
      const script = decodePowerShellScript(command.args.at(-1) ?? '');
      if (script.includes('Win32_QuickFixEngineering'))
        return answer(fixture('qfe/en-wufuc-92-wmic-qfe-list.txt'));
      if (script.includes('Win32_OperatingSystem')) return answer(factsJson);
      return new Error('unexpected');
    });
    const host = new WindowsHost({
      stateDir: dir,
      agentVersion: '0.1.0',
      watchedRegistryKeys: [
        'HKLM\\Software\\Microsoft\\Rpc\\Internet',
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
      ],
      tags: ['finance'],
      site: 'Beijing-HQ',
      runner,
    });
    const facts = await host.readFacts();
    expect(facts).toMatchObject({
      hostname: 'PC-0042',
      osBuild: '17763.2183',
      edition: 'EnterpriseS',
      domain: 'CORP',
      architecture: 'AMD64',
      tags: ['finance'],
      site: 'Beijing-HQ',
      pendingReboot: false,
      lastBootAt: '2026-11-21T23:10:00.000Z',
    });
    expect(facts.installedKbs).toContain('KB2972100');
    expect(facts.watchedRegistryKeys['HKLM\\Software\\Microsoft\\Rpc\\Internet']).toEqual({ present: false });
    expect(
      facts.watchedRegistryKeys[
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp'
      ],
    ).toMatchObject({
      present: true,
    });
    await expect(host.machineId()).resolves.toBe('4c4c4544-0042-3510-8052-b4c04f4e4e32');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
