import { KNOWN_ISSUES, registryKeyId } from '@fleetmedic/knowledge';
import { DEFAULT_WATCHED_REGISTRY_KEYS } from './watch-list';

describe('the default watch list', () => {
  it('reports every registry key the known-issue catalog needs to confirm its issues', () => {
    const watched = new Set(DEFAULT_WATCHED_REGISTRY_KEYS.map(registryKeyId));
    const needed = KNOWN_ISSUES.flatMap((issue) => issue.watchRegistryKeys);
    expect(needed.length).toBeGreaterThan(0);
    for (const key of needed) expect(watched).toContain(registryKeyId(key));
  });
});
