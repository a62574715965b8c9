/**
 * Scenarios on bare simulated PCs: which PCs a seed affects, and what the agent's checks then report on every
 * PC of the fleet (through the Host port, as on Windows); recovery; options named when wrong.
 */
import { fingerprintOf, matchKnownIssues } from '@fleetmedic/knowledge';
import type { CheckResult } from '../checks/check-result';
import { probeHost } from '../checks/probe-host';
import { DEFAULT_WATCH_LIST, RPC_INTERNET_KEY } from '../checks/watch-list';
import { CASE_A_RPC_INTERNET_VALUES } from '../host/simulated/field-cases';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { type ScenarioRun, type ScenarioTarget, ScenarioOptionsError, startScenario } from './scenarios';

const fleetOf = (count: number, seed = 1): SimulatedHost[] =>
  Array.from({ length: count }, (_, index) => new SimulatedHost({ seed, index }));

/** Every check result the agent would report for the PC now. */
async function checksOf(host: SimulatedHost): Promise<CheckResult[]> {
  const probed = await probeHost(host, {
    watchList: DEFAULT_WATCH_LIST,
    knownPatchTargets: [],
    timeoutMs: 60_000,
  });
  return probed.results;
}

/** The PCs (by index) on which each failing fingerprint shows. */
async function failingFingerprints(hosts: readonly SimulatedHost[]): Promise<Map<string, number[]>> {
  const byFingerprint = new Map<string, number[]>();
  for (const [index, host] of hosts.entries()) {
    for (const result of await checksOf(host)) {
      if (result.status !== 'failing') continue;
      const fingerprint = fingerprintOf(result.check, result.target, result.code!);
      byFingerprint.set(fingerprint, [...(byFingerprint.get(fingerprint) ?? []), index]);
    }
  }
  return byFingerprint;
}

describe('startScenario', () => {
  let run: ScenarioRun | undefined;

  afterEach(() => {
    run?.stop();
    run = undefined;
    jest.useRealTimers();
  });

  describe('choosing the affected PCs', () => {
    it('takes K distinct PCs spread over the fleet, the same for the same seed', () => {
      const chosen = new Set<string>();
      for (let seed = 1; seed <= 20; seed++) {
        const { affectedIndexes } = startScenario(
          { hosts: fleetOf(200, seed) },
          { scenario: 'case-a', affected: 5, seed },
        );
        expect(new Set(affectedIndexes).size).toBe(5);
        // One in each fifth of the fleet, in order.
        affectedIndexes.forEach((index, slice) => {
          expect(index).toBeGreaterThanOrEqual(slice * 40);
          expect(index).toBeLessThan((slice + 1) * 40);
        });
        const again = startScenario({ hosts: fleetOf(200, seed) }, { scenario: 'case-b', affected: 5, seed });
        expect(again.affectedIndexes).toEqual(affectedIndexes);
        chosen.add(affectedIndexes.join(','));
      }
      expect(chosen.size).toBeGreaterThan(15);
      expect(chosen.has('0,1,2,3,4')).toBe(false);
    });

    it("takes the fleet's seed unless told another, and every PC when K is the fleet", () => {
      const hosts = fleetOf(30, 8);
      const fromFleet = startScenario({ hosts, seed: 8 }, { scenario: 'case-a', affected: 3 });
      const explicit = startScenario({ hosts: fleetOf(30, 8) }, { scenario: 'case-a', affected: 3, seed: 8 });
      expect(fromFleet.affectedIndexes).toEqual(explicit.affectedIndexes);
      expect(fromFleet.affectedHosts.map((host) => host.hostname)).toEqual(
        fromFleet.affectedIndexes.map((index) => hosts[index]!.hostname),
      );
      expect(
        startScenario({ hosts: fleetOf(4) }, { scenario: 'case-b', affected: 4 }).affectedIndexes,
      ).toEqual([0, 1, 2, 3]);
      // Five by default (case A's five), or the whole of a smaller fleet.
      expect(startScenario({ hosts: fleetOf(40) }, { scenario: 'case-a' }).affectedIndexes).toHaveLength(5);
      expect(startScenario({ hosts: fleetOf(3) }, { scenario: 'case-a' }).affectedIndexes).toHaveLength(3);
    });
  });

  describe('case A', () => {
    it('fails the spooler with 0x80070057 and adds the Rpc\\Internet key on exactly the affected PCs', async () => {
      const hosts = fleetOf(20);
      run = startScenario({ hosts }, { scenario: 'case-a', affected: 5, seed: 2 });

      expect(await failingFingerprints(hosts)).toEqual(
        new Map([['service:spooler:0x80070057', [...run.affectedIndexes]]]),
      );
      for (const [index, host] of hosts.entries()) {
        const affected = run.affectedIndexes.includes(index);
        const keys = await host.queryRegistryKeys([RPC_INTERNET_KEY]);
        expect(keys[RPC_INTERNET_KEY]).toEqual(
          affected ? { present: true, values: CASE_A_RPC_INTERNET_VALUES } : { present: false },
        );
        expect((await host.readFacts()).watchedRegistryKeys[RPC_INTERNET_KEY]?.present).toBe(affected);
      }
      const [match] = matchKnownIssues({
        check: 'service',
        target: 'Spooler',
        code: '0x80070057',
        hostFacts: { watchedRegistryKeys: await run.affectedHosts[0]!.queryRegistryKeys([RPC_INTERNET_KEY]) },
      });
      expect(match).toMatchObject({ issue: { id: 'spooler-rpc-internet' }, confirmed: true });
    });

    it('recovers: the key is gone and the spooler runs on every affected PC', async () => {
      const hosts = fleetOf(20);
      run = startScenario({ hosts }, { scenario: 'case-a', affected: 5 });
      run.recover();
      await run.recovered;
      expect(await failingFingerprints(hosts)).toEqual(new Map());
      for (const host of run.affectedHosts) {
        expect((await host.queryRegistryKeys([RPC_INTERNET_KEY]))[RPC_INTERNET_KEY]).toEqual({
          present: false,
        });
        expect(await host.queryServices(['Spooler'])).toMatchObject([{ state: 'RUNNING', startError: null }]);
      }
    });

    it('keeps the noise off the spooler of the affected PCs, so that it never masks the case', async () => {
      jest.useFakeTimers();
      const hosts = fleetOf(10);
      run = startScenario({ hosts }, { scenario: 'case-a', affected: 5, noise: 6 });
      for (let second = 0; second < 60; second++) {
        await jest.advanceTimersByTimeAsync(1_000);
        expect((await failingFingerprints(hosts)).get('service:spooler:0x80070057')).toEqual([
          ...run.affectedIndexes,
        ]);
      }
      // Busy noise all the same, the affected PCs included.
      const touched = new Set(run.noise.touches().map((touch) => touch.hostIndex));
      expect(run.affectedIndexes.filter((index) => touched.has(index)).length).toBeGreaterThan(0);
    });
  });

  describe('case B', () => {
    it('fails KB5005030 with 0x8e5e03fa, as CBS.log shows it, on exactly the affected PCs', async () => {
      const hosts = fleetOf(20);
      run = startScenario({ hosts }, { scenario: 'case-b', affected: 4, seed: 6 });

      expect(await failingFingerprints(hosts)).toEqual(
        new Map([['patch:kb5005030:0x8e5e03fa', [...run.affectedIndexes]]]),
      );
      const failure = (await checksOf(run.affectedHosts[0]!)).find(
        (result) => result.check === 'patch' && result.status === 'failing',
      )!;
      expect(failure).toMatchObject({ target: 'KB5005030', code: '0x8e5e03fa' });
      expect(failure.evidence).toContainEqual(expect.stringContaining('CryptCATAdminAddCatalog'));
      const [match] = matchKnownIssues({
        check: 'patch',
        target: 'KB5005030',
        code: '0x8e5e03fa',
        evidence: failure.evidence,
      });
      expect(match).toMatchObject({ issue: { id: 'catroot2-catalog-database-corrupt' }, confirmed: true });
    });

    it('corrupts the catalog database of the affected PCs without any fact showing it', async () => {
      const hosts = fleetOf(20);
      run = startScenario({ hosts }, { scenario: 'case-b', affected: 4 });
      expect(hosts.flatMap((host, index) => (host.catalogDatabaseCorrupt ? [index] : []))).toEqual(
        run.affectedIndexes,
      );
      // The same PC untouched reports the same facts: Windows says nothing of catdb without esentutl.
      for (const index of run.affectedIndexes) {
        const untouched = new SimulatedHost({ seed: 1, index });
        expect(await hosts[index]!.readFacts()).toEqual(await untouched.readFacts());
      }
    });

    it('recovers as the case did: catalog repaired, update installed, a restart pending', async () => {
      jest.useFakeTimers();
      const hosts = fleetOf(20);
      run = startScenario({ hosts }, { scenario: 'case-b', affected: 4, recoverAfterMs: 30_000 });
      await jest.advanceTimersByTimeAsync(29_000);
      expect((await failingFingerprints(hosts)).size).toBe(1);

      await jest.advanceTimersByTimeAsync(1_000);
      await run.recovered;
      expect(await failingFingerprints(hosts)).toEqual(new Map());
      for (const host of run.affectedHosts) {
        expect(host.catalogDatabaseCorrupt).toBe(false);
        expect(await host.queryPatchResults()).toContainEqual(
          expect.objectContaining({ kb: 'KB5005030', status: 'installed' }),
        );
        expect(await host.queryPendingReboot()).toEqual({ pending: true, reasons: ['Windows Update'] });
      }
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it('runs noise alone with no scenario, and leaves no timer once its fleet stops', () => {
    jest.useFakeTimers();
    const teardowns: (() => void)[] = [];
    const target: ScenarioTarget = { hosts: fleetOf(100), onStop: (teardown) => teardowns.push(teardown) };
    run = startScenario(target, { scenario: 'none', noise: 0.05, recoverAfterMs: 60_000 });
    expect(run.affectedHosts).toEqual([]);
    expect(run.noise.flappingIndexes).toHaveLength(2);
    expect(jest.getTimerCount()).toBeGreaterThan(0);

    for (const teardown of teardowns) teardown();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('names what is wrong with its options, and changes nothing', async () => {
    const hosts = fleetOf(10);
    const wrong = (options: Parameters<typeof startScenario>[1]) => () => startScenario({ hosts }, options);
    expect(wrong({ scenario: 'case-a', affected: 11 })).toThrow(
      new ScenarioOptionsError("affected must be a whole number from 1 to the fleet's 10 PCs (got 11)"),
    );
    expect(wrong({ scenario: 'case-a', affected: 0 })).toThrow(/affected must be a whole number/);
    expect(wrong({ scenario: 'case-c' as never })).toThrow(
      'unknown scenario "case-c": expected case-a, case-b, none',
    );
    expect(wrong({ scenario: 'none', affected: 3 })).toThrow('affected PCs (3) need a scenario');
    expect(wrong({ scenario: 'case-a', noise: -0.1 })).toThrow(/noise must be a number .* \(got -0.1\)/);
    expect(wrong({ scenario: 'case-a', noise: 1, noiseTimeScale: 0 })).toThrow(/time scale/);
    expect(await failingFingerprints(hosts)).toEqual(new Map());
  });
});
