/**
 * Honest noise for a simulated fleet: failures that correlation must not mistake for an incident.
 * - One-off failures: `rate` times per PC per minute on average (a Poisson process over the fleet), a random
 *   watched service of a random PC fails to start with a code, and starts again after a random while.
 * - Flapping: one PC in FLAPPING_ONE_IN (at least one) fails and recovers the same service with its own code,
 *   over and over, every few seconds to minutes.
 * No two PCs ever share a noise fingerprint (check, target, code): every noise code holds the PC's index (see
 * noiseCode). Drawn from the seed, so the same seed plays the same noise. Timers are unref'd: noise never
 * keeps a process alive, and `stop()` clears them all.
 */
import { normalizeCode } from '@fleetmedic/knowledge/normalize';
import { DEFAULT_WATCHED_SERVICES } from '../checks/watch-list';
import { SIMULATED_SERVICES } from '../host/simulated/pc-profile';
import type { SeededRandom } from '../host/simulated/seeded-random';
import type { SimulatedHost } from '../host/simulated/simulated-host';
import { scenarioRandom } from './random-streams';
import { spreadIndexes } from './spread-indexes';

export type NoiseKind = 'one-off' | 'flapping';

export interface NoiseTiming {
  /** How long a one-off failure lasts before the service starts again: uniform in [min, max] ms. */
  outageMs: readonly [min: number, max: number];
  /** How long a flapping service stays down, then up, each time: uniform in [min, max] ms. */
  flapMs: readonly [min: number, max: number];
}

export const DEFAULT_NOISE_TIMING: NoiseTiming = {
  outageMs: [20_000, 5 * 60_000],
  flapMs: [5_000, 2 * 60_000],
};

/** A few flapping PCs in a fleet: one in this many, and at least one whenever there is noise. */
export const FLAPPING_ONE_IN = 50;

export interface NoiseOptions {
  /** Expected one-off failures per PC per minute, e.g. 0.05. 0: no noise at all, flapping included. */
  rate: number;
  /** Default 1. */
  seed?: number;
  /** The services noise may fail. Default: the agent's watched services. */
  services?: readonly string[];
  /** Services noise leaves alone on some PCs, by index: the scenario's own faults, which it must not mask. */
  reservedServices?: ReadonlyMap<number, readonly string[]>;
  timing?: Partial<NoiseTiming>;
  /**
   * Multiplies every noise duration, the time between failures included, so that tests play noise fast:
   * with 0.01, the rate is per 600 ms and a one-off failure lasts 0.2-3 s. Default 1.
   */
  timeScale?: number;
}

/** A (PC, service, code) the noise has failed, and how often. */
export interface NoiseTouch {
  hostIndex: number;
  hostname: string;
  kind: NoiseKind;
  check: 'service';
  target: string;
  /** Normalized, as the agent reports it: `0xa0100007`. */
  code: string;
  failures: number;
}

export interface FleetNoise {
  /** One-off failures per PC per minute (of scaled time). */
  readonly rate: number;
  /** The flapping PCs, by index. */
  readonly flappingIndexes: readonly number[];
  /** Every (PC, service, code) failed so far: no (check, target, code) is ever on two PCs. */
  touches(): NoiseTouch[];
  /** Stops making failures and clears every timer; each PC stays as it is. */
  stop(): void;
}

/** Severity "error" and the customer bit (C) of an HRESULT: Microsoft defines no code with C set. */
const NOISE_CODE_BASE = 0xa000_0000;
const KIND_NUMBERS: Readonly<Record<NoiseKind, number>> = { 'one-off': 1, flapping: 2 };
/** The PC's index fills the low 16 bits of a noise code. */
export const MAX_NOISE_HOSTS = 0x1_0000;

/**
 * The service-specific exit code of a noise failure, as a 32-bit value laid out as an HRESULT:
 * `0xA` (error, customer-defined) | 4 bits reserved at 0 | kind (4 bits: 1 one-off, 2 flapping) |
 * service (4 bits: its place in SIMULATED_SERVICES) | the PC's index (16 bits). So the Spooler failing once on
 * SIM-PC-008 (index 7) reports 0xa0100007, BITS flapping on SIM-PC-043 0xa023002a.
 * - The index makes every PC's noise codes its own: two PCs never share a fingerprint, whatever the services.
 * - The customer bit keeps noise apart from every Microsoft code (case A's 0x80070057 and case B's 0x8e5e03fa
 *   among them), hence from every known issue; the agent reports it as Windows shows a service-specific exit
 *   code: win32ExitCode 1066 and the value in decimal.
 */
export function noiseCode(kind: NoiseKind, service: string, hostIndex: number): number {
  const serviceNumber = SIMULATED_SERVICES.findIndex((s) => s.name.toLowerCase() === service.toLowerCase());
  if (serviceNumber < 0 || serviceNumber > 0xf)
    throw new RangeError(`no noise code for service "${service}"`);
  if (!Number.isInteger(hostIndex) || hostIndex < 0 || hostIndex >= MAX_NOISE_HOSTS) {
    throw new RangeError(
      `no noise code for PC index ${hostIndex}: noise handles at most ${MAX_NOISE_HOSTS} PCs`,
    );
  }
  return (NOISE_CODE_BASE | (KIND_NUMBERS[kind] << 20) | (serviceNumber << 16) | hostIndex) >>> 0;
}

export function startNoise(hosts: readonly SimulatedHost[], options: NoiseOptions): FleetNoise {
  return new Noise(hosts, options);
}

class Noise implements FleetNoise {
  readonly rate: number;
  readonly flappingIndexes: readonly number[];

  private readonly hosts: readonly SimulatedHost[];
  private readonly services: readonly string[];
  private readonly reserved = new Map<number, ReadonlySet<string>>();
  private readonly timing: NoiseTiming;
  private readonly timeScale: number;
  private readonly oneOffs: SeededRandom;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Services noise holds down now, by PC index (lower-cased names). */
  private readonly down = new Map<number, Set<string>>();
  /** The service each flapping PC flaps (lower-cased). */
  private readonly flapping = new Map<number, string>();
  private readonly touched = new Map<string, NoiseTouch>();
  private stopped = false;

  constructor(hosts: readonly SimulatedHost[], options: NoiseOptions) {
    const seed = options.seed ?? 1;
    this.rate = options.rate;
    this.hosts = hosts;
    this.services = canonicalServices(options.services ?? DEFAULT_WATCHED_SERVICES);
    for (const [index, names] of options.reservedServices ?? []) {
      this.reserved.set(index, new Set(names.map((name) => name.toLowerCase())));
    }
    this.timing = { ...DEFAULT_NOISE_TIMING, ...options.timing };
    this.timeScale = options.timeScale ?? 1;
    this.oneOffs = scenarioRandom(seed, 'oneOffNoise');
    this.validate();

    if (this.rate === 0 || hosts.length === 0 || this.services.length === 0) {
      this.flappingIndexes = [];
      return;
    }
    const flappingCount = Math.ceil(hosts.length / FLAPPING_ONE_IN);
    const flappers: number[] = [];
    for (const index of spreadIndexes(flappingCount, hosts.length, scenarioRandom(seed, 'flappingHosts'))) {
      const random = scenarioRandom(seed, 'flappingHosts', index);
      const eligible = this.eligibleServices(index);
      const service = eligible[random.integer(0, eligible.length - 1)];
      if (service === undefined) continue;
      this.flapping.set(index, service.toLowerCase());
      flappers.push(index);
      this.flap(index, service, random, false);
    }
    this.flappingIndexes = flappers;
    this.scheduleNextOneOff();
  }

  touches(): NoiseTouch[] {
    return [...this.touched.values()].map((touch) => ({ ...touch }));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private validate(): void {
    if (!Number.isFinite(this.rate) || this.rate < 0) {
      throw new RangeError(`the noise rate must be a number, 0 or more (got ${this.rate})`);
    }
    if (!Number.isFinite(this.timeScale) || this.timeScale <= 0) {
      throw new RangeError(`the noise time scale must be a number above 0 (got ${this.timeScale})`);
    }
    for (const [name, [min, max]] of [
      ['outageMs', this.timing.outageMs],
      ['flapMs', this.timing.flapMs],
    ] as const) {
      if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && min <= max)) {
        throw new RangeError(
          `noise timing ${name} must be [min, max] with 0 <= min <= max (got [${min}, ${max}])`,
        );
      }
    }
    if (this.rate > 0 && this.hosts.length > MAX_NOISE_HOSTS) {
      throw new RangeError(`noise handles at most ${MAX_NOISE_HOSTS} PCs (got ${this.hosts.length})`);
    }
  }

  private scheduleNextOneOff(): void {
    // Exponential gaps over the whole fleet: a Poisson process of `rate` per PC per (scaled) minute.
    const meanGapMs = (60_000 * this.timeScale) / (this.rate * this.hosts.length);
    const gapMs = -Math.log(1 - this.oneOffs.next()) * meanGapMs;
    this.after(gapMs, () => {
      this.oneOff();
      this.scheduleNextOneOff();
    });
  }

  private oneOff(): void {
    const index = this.oneOffs.integer(0, this.hosts.length - 1);
    const eligible = this.eligibleServices(index);
    // Drawn even when nothing is eligible, so that one busy PC does not shift the rest of the noise.
    const pick = this.oneOffs.next();
    const outageMs = this.duration(this.oneOffs, this.timing.outageMs);
    const service = eligible[Math.floor(pick * eligible.length)];
    if (service === undefined) return;
    this.fail(index, service, 'one-off');
    this.after(outageMs, () => this.recover(index, service));
  }

  /** Down for a while, then up for a while, and so on; starts up, at a random point of its cycle. */
  private flap(index: number, service: string, random: SeededRandom, isDown: boolean): void {
    this.after(this.duration(random, this.timing.flapMs), () => {
      if (isDown) this.recover(index, service);
      else this.fail(index, service, 'flapping');
      this.flap(index, service, random, !isDown);
    });
  }

  /** Watched services not reserved on this PC, not flapping on it, not already down. */
  private eligibleServices(index: number): string[] {
    const reserved = this.reserved.get(index);
    const down = this.down.get(index);
    const flapping = this.flapping.get(index);
    return this.services.filter((service) => {
      const key = service.toLowerCase();
      return !reserved?.has(key) && !down?.has(key) && flapping !== key;
    });
  }

  private fail(index: number, service: string, kind: NoiseKind): void {
    const host = this.hosts[index];
    if (host === undefined) return;
    const value = noiseCode(kind, service, index);
    // As Win32_Service reports a service-specific exit code: a plain (decimal) number.
    host.failServiceStart(service, value);
    let down = this.down.get(index);
    if (down === undefined) this.down.set(index, (down = new Set()));
    down.add(service.toLowerCase());
    const code = normalizeCode(value).code;
    const key = `${index}\n${service}\n${code}`;
    const touch = this.touched.get(key);
    if (touch !== undefined) touch.failures++;
    else {
      this.touched.set(key, {
        hostIndex: index,
        hostname: host.hostname,
        kind,
        check: 'service',
        target: service,
        code,
        failures: 1,
      });
    }
  }

  private recover(index: number, service: string): void {
    this.down.get(index)?.delete(service.toLowerCase());
    this.hosts[index]?.startService(service);
  }

  private duration(random: SeededRandom, [min, max]: readonly [number, number]): number {
    return (min + random.next() * (max - min)) * this.timeScale;
  }

  private after(ms: number, action: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        action();
      },
      Math.max(1, Math.round(ms)),
    );
    timer.unref();
    this.timers.add(timer);
  }
}

/** The names as the simulated PCs spell them; a service they do not have is an error, not silent noise. */
function canonicalServices(names: readonly string[]): string[] {
  return names.map((name) => {
    const service = SIMULATED_SERVICES.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (service === undefined) {
      throw new RangeError(
        `noise cannot fail "${name}": simulated PCs have ${SIMULATED_SERVICES.map((s) => s.name).join(', ')}`,
      );
    }
    return service.name;
  });
}
