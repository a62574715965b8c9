/** Facts become the features people see, with keys that do not depend on how an agent spelled them. */
import { newHostFacts } from '../../testing/factories';
import { hostFeatures } from './host-features';

describe('hostFeatures', () => {
  it('turns every kind of fact into a keyed, labelled feature', () => {
    const facts = newHostFacts({
      osVersion: '10.0.17763',
      osBuild: '17763.2183',
      edition: 'EnterpriseS',
      domain: 'CORP',
      installedKbs: ['KB5005030', 'KB5005112'],
      agentVersion: '0.1.0',
      tags: ['finance'],
      site: 'Beijing-HQ',
      watchedRegistryKeys: {
        'HKLM\\Software\\Microsoft\\Rpc\\Internet': { present: true, values: { Ports: '5000-5100' } },
        'HKLM\\Software\\Policies\\Microsoft\\Windows\\WindowsUpdate': { present: false },
      },
      pendingReboot: true,
    });

    expect(hostFeatures(facts)).toEqual([
      {
        key: 'registry-key:hklm\\software\\microsoft\\rpc\\internet',
        kind: 'registry-key',
        label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet present',
      },
      {
        key: 'registry-value:hklm\\software\\microsoft\\rpc\\internet\\ports=5000-5100',
        kind: 'registry-value',
        label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet\\Ports=5000-5100',
      },
      { key: 'os-build:17763.2183', kind: 'os-build', label: 'OS build 17763.2183' },
      { key: 'os-version:10.0.17763', kind: 'os-version', label: 'OS version 10.0.17763' },
      { key: 'edition:EnterpriseS', kind: 'edition', label: 'Edition EnterpriseS' },
      { key: 'agent-version:0.1.0', kind: 'agent-version', label: 'Agent version 0.1.0' },
      { key: 'tag:finance', kind: 'tag', label: 'Tag finance' },
      { key: 'site:beijing-hq', kind: 'site', label: 'Site Beijing-HQ' },
      { key: 'domain:corp', kind: 'domain', label: 'Domain CORP' },
      { key: 'pending-reboot', kind: 'pending-reboot', label: 'Reboot pending' },
      { key: 'kb:KB5005030', kind: 'kb', label: 'KB5005030 installed' },
      { key: 'kb:KB5005112', kind: 'kb', label: 'KB5005112 installed' },
    ]);
  });

  it('gives one key to every spelling of a registry path and value name', () => {
    const spellings = [
      'HKLM\\Software\\Microsoft\\Rpc\\Internet',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet\\',
      'hklm\\\\software\\microsoft\\RPC\\internet',
    ];
    const keys = spellings.map((path) =>
      hostFeatures(
        newHostFacts({ watchedRegistryKeys: { [path]: { present: true, values: { PORTS: '5000-5100' } } } }),
      )
        .filter((feature) => feature.kind.startsWith('registry'))
        .map((feature) => feature.key),
    );

    expect(keys).toEqual(
      spellings.map(() => [
        'registry-key:hklm\\software\\microsoft\\rpc\\internet',
        'registry-value:hklm\\software\\microsoft\\rpc\\internet\\ports=5000-5100',
      ]),
    );
    expect(
      hostFeatures(
        newHostFacts({
          watchedRegistryKeys: {
            'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet\\': { present: true },
          },
        }),
      )[0]?.label,
    ).toBe('HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet present');
  });

  it('keys the default value the same whatever language reg.exe printed its name in', () => {
    const defaultValueKey = (name: string) =>
      hostFeatures(
        newHostFacts({
          watchedRegistryKeys: { 'HKLM\\Software\\Example': { present: true, values: { [name]: '1' } } },
        }),
      ).find((feature) => feature.kind === 'registry-value')?.key;

    expect(defaultValueKey('(默认)')).toBe('registry-value:hklm\\software\\example\\(default)=1');
    expect(defaultValueKey('(Default)')).toBe('registry-value:hklm\\software\\example\\(default)=1');
  });

  it('lists a fact reported twice once, and tags, sites and domains without regard to case', () => {
    const features = hostFeatures(
      newHostFacts({
        tags: ['Finance', 'finance', 'finance'],
        installedKbs: ['KB5005030', 'KB5005030'],
        watchedRegistryKeys: {
          'HKLM\\Software\\Microsoft\\Rpc\\Internet': { present: true },
          'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet': { present: true },
        },
      }),
    );

    expect(features.filter((feature) => feature.kind === 'tag')).toEqual([
      { key: 'tag:finance', kind: 'tag', label: 'Tag Finance' },
    ]);
    expect(features.filter((feature) => feature.kind === 'kb')).toHaveLength(1);
    expect(features.filter((feature) => feature.kind === 'registry-key')).toHaveLength(1);
  });

  it('has no feature for an absent key, an unread fact, or no pending reboot', () => {
    const facts = newHostFacts({
      osCaption: '',
      osVersion: '',
      osBuild: '',
      edition: '',
      architecture: '',
      installedKbs: [],
      agentVersion: '0.1.0',
      tags: [],
      site: null,
      domain: null,
      watchedRegistryKeys: { 'HKLM\\Software\\Microsoft\\Rpc\\Internet': { present: false } },
      pendingReboot: false,
    });

    expect(hostFeatures(facts).map((feature) => feature.key)).toEqual(['agent-version:0.1.0']);
  });
});
