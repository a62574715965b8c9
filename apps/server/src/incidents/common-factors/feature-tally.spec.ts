/** Counting a fleet in one pass gives the same counts as listing each host's features one by one. */
import type { HostFacts } from '@fleetmedic/protocol';
import { newHostFacts } from '../../testing/factories';
import { tallyFeatures, usualSpelling } from './feature-tally';
import { featureKey, hostFeatures } from './host-features';

const RPC = { present: true, values: { Ports: '5000-5100', '(默认)': '' } };

const affected: HostFacts[] = [
  newHostFacts({
    installedKbs: ['KB5005030', 'KB5005112', 'KB5005030'],
    tags: ['Finance', 'finance'],
    site: 'Beijing-HQ',
    domain: 'CORP',
    pendingReboot: true,
    watchedRegistryKeys: { 'HKLM\\Software\\Microsoft\\Rpc\\Internet': RPC },
  }),
  newHostFacts({
    osBuild: '17763.1879',
    installedKbs: ['KB5005112'],
    tags: ['finance'],
    site: 'beijing-hq',
    watchedRegistryKeys: {
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet\\': {
        present: true,
        values: { PORTS: '5000-5100' },
      },
      'HKLM\\Software\\Microsoft\\Rpc\\Internet': { present: true },
    },
  }),
];
const healthy: HostFacts[] = [
  newHostFacts({ installedKbs: ['KB5005112', 'KB5005112', 'KB4486153'], tags: ['FINANCE'], domain: 'corp' }),
  newHostFacts({
    osBuild: '17763.1879',
    pendingReboot: true,
    watchedRegistryKeys: {
      'hklm\\software\\microsoft\\rpc\\internet': { present: true, values: { ports: '5000-5100' } },
    },
  }),
  newHostFacts({
    installedKbs: [],
    site: 'Shanghai',
    watchedRegistryKeys: { 'HKLM\\Software\\Microsoft\\Rpc\\Internet': { present: false } },
  }),
];

function found<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a tally');
  return value;
}

function hostsWith(hosts: HostFacts[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const facts of hosts) {
    for (const { key } of hostFeatures(facts)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('tallyFeatures', () => {
  it('counts every feature on both sides as listing them host by host does', () => {
    const tallies = tallyFeatures(affected, healthy);
    const affectedCounts = hostsWith(affected);
    const healthyCounts = hostsWith(healthy);

    const keys = new Set([...affectedCounts.keys(), ...healthyCounts.keys()]);

    expect(
      Object.fromEntries(
        tallies.map((tally) => [featureKey(tally.kind, tally.id), [tally.affected, tally.healthy]]),
      ),
    ).toEqual(
      Object.fromEntries(
        [...keys].map((key) => [key, [affectedCounts.get(key) ?? 0, healthyCounts.get(key) ?? 0]]),
      ),
    );
    expect(keys.has('kb:KB4486153')).toBe(true);
    expect(tallies.find((tally) => tally.kind === 'registry-key')).toMatchObject({ affected: 2, healthy: 1 });
    expect(tallies.find((tally) => tally.kind === 'kb' && tally.id === 'KB5005112')).toMatchObject({
      affected: 2,
      healthy: 1,
    });
  });

  it('labels a feature by the spelling most affected hosts used, the first in code-point order on a tie', () => {
    const tallies = tallyFeatures(affected, healthy);
    const spelling = (kind: string) => usualSpelling(found(tallies.find((tally) => tally.kind === kind)));

    expect(spelling('registry-key')).toBe('HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet');
    expect(spelling('site')).toBe('Beijing-HQ');
    expect(spelling('tag')).toBe('Finance');
  });
});
