import { hostFactsSchema } from '@fleetmedic/protocol';
import { RPC_INTERNET_KEY } from '../../checks/watch-list';
import { SimulatedHost } from './simulated-host';

/** CBS.log lines of case B, verbatim from the support case. */
const CASE_B_EVIDENCE = [
  '2021-11-22 08:50:03, Info                  CBS    Failed to install catalog for package: Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3 [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Error                 CBS    Failed to process single phase execution. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
];

describe('SimulatedHost', () => {
  const spoolerOf = async (host: SimulatedHost) => (await host.queryServices(['Spooler']))[0];

  it('starts as a healthy PC: the spooler runs', async () => {
    const host = new SimulatedHost({ seed: 7 });
    expect(await spoolerOf(host)).toMatchObject({
      name: 'Spooler',
      displayName: 'Print Spooler',
      state: 'RUNNING',
      startType: 'AUTO_START',
      startError: null,
    });
  });

  it('failServiceStart stops the service with the start error; startService brings it back', async () => {
    const host = new SimulatedHost({ seed: 7 });
    host.failServiceStart('Spooler', '0x80070057');
    expect(await spoolerOf(host)).toMatchObject({
      state: 'STOPPED',
      pid: null,
      win32ExitCode: 87,
      serviceSpecificExitCode: 0,
      startError: '0x80070057',
      // As Windows shows a Win32 exit code: in decimal.
      startErrorOriginal: '87',
    });

    host.startService('Spooler');
    const spooler = await spoolerOf(host);
    expect(spooler).toMatchObject({ state: 'RUNNING', win32ExitCode: 0, startError: null });
    expect(spooler?.pid).toEqual(expect.any(Number));
  });

  it('keeps a decimal Win32 code beside its HRESULT (1060 → 0x80070424)', async () => {
    const host = new SimulatedHost();
    host.failServiceStart('Spooler', 1060);
    expect(await spoolerOf(host)).toMatchObject({
      win32ExitCode: 1060,
      startError: '0x80070424',
      startErrorOriginal: '1060',
    });
  });

  it('reports a non-Win32 HRESULT as a service-specific error (1066)', async () => {
    const host = new SimulatedHost();
    host.failServiceStart('CryptSvc', '0x8e5e03fa');
    expect((await host.queryServices(['CryptSvc']))[0]).toMatchObject({
      win32ExitCode: 1066,
      serviceSpecificExitCode: 0x8e5e03fa,
      startError: '0x8e5e03fa',
    });
  });

  it('answers only for the services it has, whatever the case of the name', async () => {
    const host = new SimulatedHost();
    const services = await host.queryServices(['spooler', 'NoSuchService']);
    expect(services.map((service) => service.name)).toEqual(['Spooler']);
  });

  it('draws the same PC from the same seed, and different PCs from different indexes or seeds', async () => {
    const facts = await new SimulatedHost({ seed: 42, index: 3 }).readFacts();
    expect(await new SimulatedHost({ seed: 42, index: 3 }).readFacts()).toEqual(facts);
    expect(new SimulatedHost({ seed: 42, index: 3 }).machineId).toBe(
      new SimulatedHost({ seed: 42, index: 3 }).machineId,
    );

    expect(facts.hostname).toBe('SIM-PC-004');
    expect(new SimulatedHost({ seed: 42, index: 4 }).machineId).not.toBe(
      new SimulatedHost({ seed: 42, index: 3 }).machineId,
    );
    expect(new SimulatedHost({ seed: 43, index: 3 }).machineId).not.toBe(
      new SimulatedHost({ seed: 42, index: 3 }).machineId,
    );
  });

  it('looks like a Windows 10 LTSC PC of the case fleet, and its facts pass the protocol', async () => {
    const fleet = Array.from({ length: 50 }, (_, index) => new SimulatedHost({ seed: 1, index }));
    const facts = await Promise.all(fleet.map((host) => host.readFacts()));
    for (const fact of facts) {
      expect(hostFactsSchema.safeParse(fact).success).toBe(true);
      expect(fact).toMatchObject({ edition: 'EnterpriseS', architecture: 'x64' });
      expect(['10.0.17763', '10.0.19044']).toContain(fact.osVersion);
      expect(fact.osBuild.startsWith(fact.osVersion.split('.')[2]!)).toBe(true);
    }
    expect(new Set(facts.map((fact) => fact.osCaption))).toContain('Microsoft Windows 10 企业版 LTSC');
    expect(new Set(facts.map((fact) => fact.osVersion)).size).toBe(2);
    expect(new Set(fleet.map((host) => host.machineId)).size).toBe(50);
  });

  it('reports a watched registry key once it appears, in facts and queries alike', async () => {
    const host = new SimulatedHost();
    expect((await host.readFacts()).watchedRegistryKeys[RPC_INTERNET_KEY]).toEqual({ present: false });

    host.setRegistryKey(RPC_INTERNET_KEY, { Ports: '5000-5100', UseInternetPorts: 'Y' });
    const expected = { present: true, values: { Ports: '5000-5100', UseInternetPorts: 'Y' } };
    expect((await host.readFacts()).watchedRegistryKeys[RPC_INTERNET_KEY]).toEqual(expected);
    expect(await host.queryRegistryKeys(['HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet'])).toEqual({
      'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet': expected,
    });

    host.setRegistryKey(RPC_INTERNET_KEY, null);
    expect((await host.readFacts()).watchedRegistryKeys[RPC_INTERNET_KEY]).toEqual({ present: false });
  });

  it('reports a failed update with its code, package and evidence; installing it clears the failure', async () => {
    const host = new SimulatedHost({ now: () => new Date('2021-11-22T00:50:03.000Z') });
    host.failPatch('KB5005030', '0x8e5e03fa', CASE_B_EVIDENCE);
    expect((await host.queryPatchResults()).find((result) => result.kb === 'KB5005030')).toEqual({
      kb: 'KB5005030',
      title: 'Update KB5005030',
      status: 'failed',
      code: '0x8e5e03fa',
      codeOriginal: null,
      package: 'Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3',
      evidence: CASE_B_EVIDENCE,
      at: '2021-11-22T00:50:03.000Z',
    });
    expect((await host.readFacts()).installedKbs).not.toContain('KB5005030');

    host.installKb('KB5005030', { requiresRestart: true });
    const results = (await host.queryPatchResults()).filter((result) => result.kb === 'KB5005030');
    expect(results).toEqual([expect.objectContaining({ status: 'installed', code: null })]);
    expect((await host.readFacts()).installedKbs).toContain('KB5005030');
    expect(await host.queryPendingReboot()).toEqual({ pending: true, reasons: ['Windows Update'] });
  });

  it('tells its watchers about every change, and stops when asked', () => {
    const host = new SimulatedHost();
    const notices: string[] = [];
    const unwatch = host.watchChanges(() => notices.push('changed'));
    host.failServiceStart('Spooler', '0x80070057');
    host.setPendingReboot(true);
    unwatch();
    host.startService('Spooler');
    expect(notices).toEqual(['changed', 'changed']);
  });

  it('can make a probe fail, as a broken WMI would', async () => {
    const host = new SimulatedHost();
    host.failProbe('services', 'Get-CimInstance: Access denied');
    await expect(host.queryServices(['Spooler'])).rejects.toThrow('Get-CimInstance: Access denied');
    host.failProbe('services', null);
    await expect(host.queryServices(['Spooler'])).resolves.toHaveLength(1);
  });

  it('refuses faults that make no sense, naming them', () => {
    const host = new SimulatedHost();
    expect(() => host.failServiceStart('NoSuchService', 87)).toThrow(
      'SIM-PC-001 has no service named "NoSuchService"',
    );
    expect(() => host.failPatch('5005030', 87, [])).toThrow('"5005030" is not a KB number such as KB5005030');
  });
});
