import { describe, expect, it } from '@jest/globals';
import { newIncidentHost } from '../testing/factories';
import { countFailing, sortAffectedHosts } from './hosts';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString();

describe('sortAffectedHosts', () => {
  it('lists hosts still failing first, longest-failing first, then recovered ones', () => {
    const hosts = [
      newIncidentHost({ hostname: 'RECOVERED', since: at(0), recoveredAt: at(9) }),
      newIncidentHost({ hostname: 'LATE', since: at(5) }),
      newIncidentHost({ hostname: 'B-EARLY', since: at(1) }),
      newIncidentHost({ hostname: 'A-EARLY', since: at(1) }),
    ];
    expect(sortAffectedHosts(hosts).map((host) => host.hostname)).toEqual([
      'A-EARLY',
      'B-EARLY',
      'LATE',
      'RECOVERED',
    ]);
    expect(countFailing(hosts)).toBe(3);
  });
});
