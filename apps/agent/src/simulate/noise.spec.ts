/**
 * The simulator's noise, on simulated time: as the agent's checks see it, no two PCs ever share a noise
 * fingerprint, flapping PCs go down and up again and again, the same seed plays the same noise, and stopping
 * it leaves no timer behind.
 */
import { decodeCode, findCode, fingerprintOf, matchKnownIssues } from '@fleetmedic/knowledge';
import { serviceCheckResults } from '../checks/service-check';
import { DEFAULT_WATCHED_SERVICES } from '../checks/watch-list';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { serviceFailure } from '../host/windows/parsers/codes';
import { serviceStatusFrom } from '../host/windows/service-reader';
import { type FleetNoise, type NoiseOptions, noiseCode, startNoise } from './noise';

const MINUTE = 60_000;

const fleetOf = (count: number, seed = 1): SimulatedHost[] =>
  Array.from({ length: count }, (_, index) => new SimulatedHost({ seed, index }));

/** The failing service checks of every PC, as the agent's service check reports them: fingerprint → PCs. */
async function failingFingerprints(hosts: readonly SimulatedHost[]): Promise<Map<string, Set<string>>> {
  const byFingerprint = new Map<string, Set<string>>();
  for (const host of hosts) {
    const results = serviceCheckResults(
      DEFAULT_WATCHED_SERVICES,
      await host.queryServices(DEFAULT_WATCHED_SERVICES),
    );
    for (const result of results) {
      if (result.status !== 'failing') continue;
      const fingerprint = fingerprintOf(result.check, result.target, result.code!);
      const holders = byFingerprint.get(fingerprint) ?? new Set<string>();
      byFingerprint.set(fingerprint, holders.add(host.hostname));
    }
  }
  return byFingerprint;
}

describe('fleet noise', () => {
  let noise: FleetNoise | undefined;

  beforeEach(() => jest.useFakeTimers());

  afterEach(() => {
    noise?.stop();
    noise = undefined;
    jest.useRealTimers();
  });

  /** Plays `minutes` of noise, looking at every PC each second; returns every (fingerprint, PC) seen. */
  async function play(hosts: SimulatedHost[], options: NoiseOptions, minutes: number) {
    noise = startNoise(hosts, options);
    const seen = new Map<string, Set<string>>();
    for (let second = 0; second < minutes * 60; second++) {
      await jest.advanceTimersByTimeAsync(1_000);
      for (const [fingerprint, holders] of await failingFingerprints(hosts)) {
        const all = seen.get(fingerprint) ?? new Set<string>();
        for (const holder of holders) all.add(holder);
        seen.set(fingerprint, all);
      }
    }
    return { noise, seen };
  }

  it('never gives two of 200 PCs the same fingerprint in a simulated minute, as the agent reports them', async () => {
    const hosts = fleetOf(200);
    const { noise: played, seen } = await play(hosts, { rate: 0.5, seed: 3 }, 1);

    // ~100 one-off failures and 4 flapping PCs: enough for a chance collision, were codes not per PC.
    expect(seen.size).toBeGreaterThan(50);
    for (const [fingerprint, holders] of seen)
      expect({ fingerprint, holders: holders.size }).toEqual({ fingerprint, holders: 1 });
    // What the noise says it touched is what the PCs reported.
    const touched = played
      .touches()
      .map((touch) => `${fingerprintOf(touch.check, touch.target, touch.code)} ${touch.hostname}`);
    const reported = [...seen].map(([fingerprint, holders]) => `${fingerprint} ${[...holders][0]!}`);
    expect(new Set(reported)).toEqual(new Set(touched));
    expect(new Set(played.touches().map((touch) => touch.hostIndex)).size).toBeGreaterThan(50);
  });

  it('uses codes no Microsoft component defines, reported as Windows reports a service-specific exit code', async () => {
    const hosts = fleetOf(50);
    const { noise: played } = await play(hosts, { rate: 1, seed: 5 }, 1);
    const touches = played.touches();
    expect(touches.length).toBeGreaterThan(10);
    for (const touch of touches) {
      expect(decodeCode(touch.code)).toMatchObject({ customer: true, severity: 'error' });
      expect(findCode(touch.code)).toBeNull();
      expect(matchKnownIssues({ check: 'service', target: touch.target, code: touch.code })).toEqual([]);
      expect(parseInt(touch.code, 16) & 0xffff).toBe(touch.hostIndex);
    }

    // One PC's failure, side by side with what the Windows host makes of the same exit codes.
    const host = new SimulatedHost({ seed: 5, index: 7 });
    const value = noiseCode('one-off', 'Spooler', 7);
    expect(value).toBe(0xa0100007);
    host.failServiceStart('Spooler', value);
    const [simulated] = await host.queryServices(['Spooler']);
    const windows = serviceStatusFrom(
      {
        service: 'Spooler',
        displayName: simulated!.displayName,
        state: 'STOPPED',
        startType: 'AUTO_START',
        win32ExitCode: 1066,
        serviceSpecificExitCode: value,
        pid: null,
        failure: serviceFailure(1066, value),
        evidence: [],
      },
      [],
    );
    expect(serviceCheckResults(['Spooler'], [simulated!])).toEqual(
      serviceCheckResults(['Spooler'], [windows!]),
    );
    expect(serviceCheckResults(['Spooler'], [simulated!])[0]).toMatchObject({
      status: 'failing',
      code: '0xa0100007',
      codeOriginal: String(0xa0100007),
    });
  });

  it('makes one PC in 50 flap: the same service, with its own code, down and up again and again', async () => {
    const hosts = fleetOf(200);
    const running = startNoise(hosts, { rate: 0.05, seed: 9, timing: { flapMs: [5_000, 20_000] } });
    noise = running;
    expect(running.flappingIndexes).toHaveLength(4);
    const flapOf = (index: number) =>
      running.touches().find((touch) => touch.hostIndex === index && touch.kind === 'flapping');

    // Sampled twice a second; a flap lasts at least 5 s, so no episode goes unseen.
    const episodes = new Map<number, { target: string; code: string }[]>();
    const wasDown = new Map<number, boolean>();
    for (let tick = 0; tick < 4 * 60 * 2; tick++) {
      await jest.advanceTimersByTimeAsync(500);
      for (const index of running.flappingIndexes) {
        const flap = flapOf(index);
        if (flap === undefined) continue;
        const [status] = await hosts[index]!.queryServices([flap.target]);
        const [result] = serviceCheckResults([flap.target], [status!]);
        const down = result!.status === 'failing';
        if (down && wasDown.get(index) !== true) {
          episodes.set(index, [
            ...(episodes.get(index) ?? []),
            { target: result!.target, code: result!.code! },
          ]);
        }
        wasDown.set(index, down);
      }
    }

    for (const index of running.flappingIndexes) {
      const seen = episodes.get(index) ?? [];
      const flap = flapOf(index)!;
      // Every failure the noise made was seen as its own episode, separated by healthy samples.
      expect(seen.length).toBeGreaterThanOrEqual(6);
      expect(seen).toHaveLength(flap.failures);
      expect(new Set(seen.map((episode) => `${episode.target} ${episode.code}`))).toEqual(
        new Set([`${flap.target} ${flap.code}`]),
      );
      expect(parseInt(flap.code, 16) & 0xffff).toBe(index);
    }
  });

  it('plays the same noise for the same seed, and other noise for another', async () => {
    const first = (await play(fleetOf(100), { rate: 0.3, seed: 21 }, 1)).noise.touches();
    noise!.stop();
    const again = (await play(fleetOf(100), { rate: 0.3, seed: 21 }, 1)).noise.touches();
    noise!.stop();
    const other = (await play(fleetOf(100), { rate: 0.3, seed: 22 }, 1)).noise.touches();
    expect(first.length).toBeGreaterThan(10);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('leaves the services reserved on a PC alone', async () => {
    const hosts = fleetOf(5);
    const reservedServices = new Map(hosts.map((_, index) => [index, ['Spooler', 'CryptSvc']] as const));
    const { noise: played } = await play(hosts, { rate: 5, seed: 4, reservedServices }, 1);
    expect(played.touches().length).toBeGreaterThan(5);
    expect(played.touches().filter((touch) => ['Spooler', 'CryptSvc'].includes(touch.target))).toEqual([]);
  });

  it('leaves no timer behind once stopped, and starts none without a rate', () => {
    noise = startNoise(fleetOf(200), { rate: 0.05 });
    expect(jest.getTimerCount()).toBeGreaterThan(0);
    noise.stop();
    expect(jest.getTimerCount()).toBe(0);

    noise = startNoise(fleetOf(200), { rate: 0 });
    expect(noise.flappingIndexes).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('never keeps a process alive', () => {
    jest.useRealTimers();
    const refed = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = refed();
    noise = startNoise(fleetOf(20), { rate: 1, timing: { outageMs: [MINUTE, MINUTE] } });
    expect(refed()).toBe(before);
  });

  it('refuses a rate below 0 or a service simulated PCs do not have, naming it', () => {
    expect(() => startNoise(fleetOf(2), { rate: -1 })).toThrow(
      'the noise rate must be a number, 0 or more (got -1)',
    );
    expect(() => startNoise(fleetOf(2), { rate: 1, services: ['Spooler', 'NoSuchSvc'] })).toThrow(
      /noise cannot fail "NoSuchSvc": simulated PCs have Spooler, CryptSvc/,
    );
    expect(() => startNoise(fleetOf(2), { rate: 1, timing: { flapMs: [10, 5] } })).toThrow(/flapMs/);
    expect(jest.getTimerCount()).toBe(0);
  });
});
