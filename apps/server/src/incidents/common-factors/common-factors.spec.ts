/**
 * Common factors as an operator reads them: the planted cause on top, with its counts and p-value, and
 * nothing where a small or random set of hosts merely happens to share something.
 */
import type { HostFacts } from '@fleetmedic/protocol';
import { newHostFacts } from '../../testing/factories';
import { commonFactors } from './common-factors';

const RPC_INTERNET = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';
const RPC_INTERNET_KEY = 'registry-key:hklm\\software\\microsoft\\rpc\\internet';
/** The Rpc\Internet values of case A, as reg.exe prints them. */
const CASE_A_VALUES = { Ports: '5000-5100', PortsInternetAvailable: 'Y', UseInternetPorts: 'Y' };

/** mulberry32: a small seeded generator, so every run draws the same fleet. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [choice, weight] of choices) {
    draw -= weight;
    if (draw < 0) return choice;
  }
  return (choices[choices.length - 1] as readonly [T, number])[0];
}

function kbRange(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `KB${first + index}`);
}

// A fleet shaped like a real one: two releases at several patch levels, ~130 baseline updates per release
// and optional ones on some PCs, sites and departments of unequal size: about 150 facts per PC.
interface Release {
  osVersion: string;
  builds: readonly string[];
  kbs: readonly string[];
}

const RELEASES: readonly [Release, Release] = [
  {
    osVersion: '10.0.17763',
    builds: ['17763.1879', '17763.2061', '17763.2183'],
    kbs: kbRange(4_000_000, 130),
  },
  { osVersion: '10.0.19044', builds: ['19044.1288', '19044.1415'], kbs: kbRange(5_000_000, 130) },
];
const OPTIONAL_KBS = kbRange(5_100_000, 20);
const SITES = [
  ['beijing-hq', 5],
  ['shanghai-branch', 3],
  ['guangzhou-branch', 2],
  ['shenzhen-lab', 1],
] as const;
const DEPARTMENTS = [
  ['finance', 2],
  ['hr', 1],
  ['engineering', 4],
  ['front-desk', 1],
  ['warehouse', 1],
] as const;

function syntheticHost(random: () => number, index: number): HostFacts {
  const release = pick(random, [
    [RELEASES[0], 4],
    [RELEASES[1], 1],
  ]);
  return newHostFacts({
    hostname: `PC-${index}`,
    osVersion: release.osVersion,
    osBuild: pick(
      random,
      release.builds.map((build) => [build, 1] as const),
    ),
    installedKbs: [...release.kbs, ...OPTIONAL_KBS.filter(() => random() < 0.3)],
    agentVersion: random() < 0.9 ? '0.1.0' : '0.1.1',
    domain: random() < 0.8 ? 'CORP' : null,
    site: pick(random, SITES),
    tags: [pick(random, DEPARTMENTS)],
    watchedRegistryKeys: { [RPC_INTERNET]: { present: false } },
    pendingReboot: random() < 0.05,
  });
}

function syntheticFleet(size: number, seed: number): HostFacts[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, index) => syntheticHost(random, index));
}

/** `count` distinct host indices drawn from `random`. */
function sample(random: () => number, size: number, count: number): Set<number> {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * size));
  return chosen;
}

function withRpcInternet(facts: HostFacts, path = RPC_INTERNET): HostFacts {
  return { ...facts, watchedRegistryKeys: { [path]: { present: true, values: { ...CASE_A_VALUES } } } };
}

/** The fleet split into affected (the chosen indices, changed by `affect`) and healthy hosts. */
function split(
  fleet: readonly HostFacts[],
  chosen: Set<number>,
  affect: (facts: HostFacts) => HostFacts = (f) => f,
) {
  return {
    affected: fleet.filter((_, index) => chosen.has(index)).map((facts) => affect(facts)),
    healthy: fleet.filter((_, index) => !chosen.has(index)),
  };
}

describe('commonFactors', () => {
  it('puts the Rpc\\Internet key on top in case A: 5 of 5 affected, 0 of 195 healthy', () => {
    const fleet = syntheticFleet(200, 1);
    const { affected, healthy } = split(fleet, sample(seededRandom(2), 200, 5), withRpcInternet);

    const factors = commonFactors(affected, healthy);

    expect(factors[0]).toEqual({
      factor: RPC_INTERNET_KEY,
      kind: 'registry-key',
      label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet present',
      value: 'HKLM\\Software\\Microsoft\\Rpc\\Internet',
      affected: { count: 5, total: 5 },
      healthy: { count: 0, total: 195 },
      pValue: expect.closeTo(1 / 2_535_650_040, 18),
      lift: null,
    });
    // Its values tie with it and follow it; the affected hosts' random builds, updates and sites do not show.
    expect(factors.map((factor) => factor.factor)).toEqual([
      RPC_INTERNET_KEY,
      'registry-value:hklm\\software\\microsoft\\rpc\\internet\\ports=5000-5100',
      'registry-value:hklm\\software\\microsoft\\rpc\\internet\\portsinternetavailable=Y',
      'registry-value:hklm\\software\\microsoft\\rpc\\internet\\useinternetports=Y',
    ]);
  });

  it('reports nothing in a small fleet where 3 of 3 affected share a build that 2 of 3 healthy hosts have', () => {
    const build = (osBuild: string) => newHostFacts({ osBuild });
    const affected = [build('17763.2183'), build('17763.2183'), build('17763.2183')];
    const healthy = [build('17763.2183'), build('17763.2183'), build('17763.1879')];

    expect(commonFactors(affected, healthy)).toEqual([]);
  });

  it('reports nothing when 3 of 6 hosts are affected, even if only they have the key (p = 1/20)', () => {
    const affected = [1, 2, 3].map(() => withRpcInternet(newHostFacts()));
    const healthy = [4, 5, 6].map(() => newHostFacts());

    expect(commonFactors(affected, healthy)).toEqual([]);
    expect(
      commonFactors(affected, healthy, { correctForManyFacts: false, maxPValue: 0.06 })[0],
    ).toMatchObject({
      factor: RPC_INTERNET_KEY,
      pValue: expect.closeTo(1 / 20, 12),
    });
  });

  it('shows a factor for at most 1% of random sets of affected hosts, where p < 0.01 alone shows one for 5%', () => {
    const fleet = syntheticFleet(200, 3);
    const random = seededRandom(4);
    const trials = 300;
    let shown = 0;
    let shownWithoutCorrection = 0;
    for (let trial = 0; trial < trials; trial++) {
      const { affected, healthy } = split(fleet, sample(random, 200, 2 + (trial % 9)));
      if (commonFactors(affected, healthy).length > 0) shown++;
      if (commonFactors(affected, healthy, { correctForManyFacts: false }).length > 0)
        shownWithoutCorrection++;
    }

    expect(shown).toBeLessThanOrEqual(trials * 0.01);
    expect(shownWithoutCorrection).toBeGreaterThan(trials * 0.05);
  });

  it('still reports a fact of 3 of 3 affected hosts that 5% of the healthy have, among ~150 facts tested', () => {
    const fleet = syntheticFleet(200, 15);
    const { affected, healthy } = split(fleet, new Set([0, 1, 2]), withRpcInternet);
    const withKey = healthy.map((facts, index) => (index % 20 === 0 ? withRpcInternet(facts) : facts));

    // p = C(13,3) / C(200,3) = 2.2e-4: above 0.01 / 150, so a plain Bonferroni correction would drop it.
    expect(commonFactors(affected, withKey)[0]).toMatchObject({
      factor: RPC_INTERNET_KEY,
      affected: { count: 3, total: 3 },
      healthy: { count: 10, total: 197 },
      pValue: expect.closeTo(286 / 1_313_400, 15),
    });
  });

  it('counts every spelling of the key as one key, labelled as most affected hosts spell it', () => {
    const fleet = syntheticFleet(100, 5);
    const spellings = [
      'HKLM\\Software\\Microsoft\\Rpc\\Internet',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet',
      'hklm\\software\\microsoft\\rpc\\internet\\',
      'HKLM\\Software\\Microsoft\\Rpc\\Internet',
    ];
    const affected = fleet.slice(0, 4).map((facts, index) => withRpcInternet(facts, spellings[index]));
    const healthy = fleet.slice(4);
    healthy[0] = withRpcInternet(
      healthy[0] as HostFacts,
      'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\RPC\\Internet',
    );

    const [top] = commonFactors(affected, healthy);

    expect(top).toMatchObject({
      factor: RPC_INTERNET_KEY,
      label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet present',
      affected: { count: 4, total: 4 },
      healthy: { count: 1, total: 96 },
      lift: 96,
    });
  });

  it('leaves hosts without facts out of both sides', () => {
    const fleet = syntheticFleet(200, 6);
    const { affected, healthy } = split(fleet, sample(seededRandom(7), 200, 5), withRpcInternet);

    const [top] = commonFactors([null, ...affected, null], [...healthy.slice(0, 150), null, null, null]);

    expect(top).toMatchObject({
      factor: RPC_INTERNET_KEY,
      affected: { count: 5, total: 5 },
      healthy: { count: 0, total: 150 },
      pValue: expect.closeTo(1 / 698_526_906, 18), // 1 / C(155, 5)
    });
    expect(commonFactors([null, null], healthy)).toEqual([]);
  });

  it('reports a fact shared by most, not all, affected hosts with its lift', () => {
    const fleet = syntheticFleet(1_000, 8);
    const chosen = sample(seededRandom(9), 1_000, 10);
    let planted = 0;
    const { affected, healthy } = split(fleet, chosen, (facts) =>
      planted++ < 8 ? { ...facts, installedKbs: [...facts.installedKbs, 'KB5005565'] } : facts,
    );
    for (const facts of healthy.slice(0, 99)) facts.installedKbs = [...facts.installedKbs, 'KB5005565'];

    const [top] = commonFactors(affected, healthy);

    expect(top).toMatchObject({
      factor: 'kb:KB5005565',
      label: 'KB5005565 installed',
      affected: { count: 8, total: 10 },
      healthy: { count: 99, total: 990 },
      lift: expect.closeTo(8, 10),
    });
  });

  it('leaves out a fact of a single affected host, of a minority of them, or more common among the healthy', () => {
    const fleet = syntheticFleet(200, 10);
    const { affected, healthy } = split(fleet, new Set([0, 1, 2, 3, 4, 5]));
    affected[0] = withRpcInternet(affected[0] as HostFacts); // 1 of 6: a fact of one PC
    affected[1] = { ...(affected[1] as HostFacts), tags: ['kiosk'] }; // 2 of 6: a minority
    affected[2] = { ...(affected[2] as HostFacts), tags: ['kiosk'] };
    for (const facts of affected) facts.pendingReboot = false; // 0 of 6 against ~5% of healthy

    const factors = commonFactors(affected, healthy, { correctForManyFacts: false, maxPValue: 0.5 });

    expect(factors.map((factor) => factor.factor)).not.toEqual(
      expect.arrayContaining([RPC_INTERNET_KEY, 'tag:kiosk', 'pending-reboot']),
    );
    expect(factors.every((factor) => factor.lift === null || factor.lift > 1)).toBe(true);
    expect(commonFactors([withRpcInternet(newHostFacts())], fleet)).toEqual([]);
  });

  it('breaks ties by kind, registry first, and keeps at most `limit` factors', () => {
    const fleet = syntheticFleet(300, 11);
    const { affected, healthy } = split(fleet, sample(seededRandom(12), 300, 6), (facts) => ({
      ...withRpcInternet(facts),
      installedKbs: [...facts.installedKbs, 'KB5005565'],
      tags: ['kiosk'],
      site: 'harbin-depot',
    }));

    const factors = commonFactors(affected, healthy);

    expect(factors.map((factor) => factor.kind)).toEqual([
      'registry-key',
      'registry-value',
      'registry-value',
      'registry-value',
      'kb',
      'tag',
      'site',
    ]);
    expect(new Set(factors.map((factor) => factor.pValue)).size).toBe(1);
    expect(commonFactors(affected, healthy, { limit: 2 }).map((factor) => factor.factor)).toEqual(
      factors.slice(0, 2).map((factor) => factor.factor),
    );
  });

  it('finds the cause among 10,000 healthy hosts of ~150 facts each', () => {
    const fleet = syntheticFleet(10_020, 13);
    const { affected, healthy } = split(fleet, sample(seededRandom(14), 10_020, 20), withRpcInternet);

    const factors = commonFactors(affected, healthy);

    expect(factors[0]).toMatchObject({
      factor: RPC_INTERNET_KEY,
      affected: { count: 20, total: 20 },
      healthy: { count: 0, total: 10_000 },
      lift: null,
    });
    expect(factors[0]?.pValue).toBeGreaterThan(0);
    expect(factors.every((factor) => factor.kind.startsWith('registry'))).toBe(true);
  });
});
