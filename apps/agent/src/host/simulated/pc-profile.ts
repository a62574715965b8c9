/**
 * What a freshly simulated PC looks like: a Windows 10 LTSC machine of the kind the field cases ran on
 * (mostly Chinese-localized), its services in their usual start types and states, its updates, site and tags.
 * Drawn from a seed so that one seed always gives the same PC.
 */
import type { ServiceStartType, ServiceState } from '@fleetmedic/protocol/constants';
import { SeededRandom, deriveSeed } from './seeded-random';

export interface ServiceProfile {
  name: string;
  displayName: string;
  startType: ServiceStartType;
  /** The state right after boot on a healthy PC. */
  state: ServiceState;
}

/** Windows 10 defaults: trigger-started services (wuauserv, BITS, W32Time, AppIDSvc) sit stopped until needed. */
export const SIMULATED_SERVICES: readonly ServiceProfile[] = [
  { name: 'Spooler', displayName: 'Print Spooler', startType: 'AUTO_START', state: 'RUNNING' },
  { name: 'CryptSvc', displayName: 'Cryptographic Services', startType: 'AUTO_START', state: 'RUNNING' },
  { name: 'wuauserv', displayName: 'Windows Update', startType: 'DEMAND_START', state: 'STOPPED' },
  {
    name: 'BITS',
    displayName: 'Background Intelligent Transfer Service',
    startType: 'DEMAND_START',
    state: 'STOPPED',
  },
  { name: 'Dnscache', displayName: 'DNS Client', startType: 'AUTO_START', state: 'RUNNING' },
  { name: 'EventLog', displayName: 'Windows Event Log', startType: 'AUTO_START', state: 'RUNNING' },
  { name: 'LanmanWorkstation', displayName: 'Workstation', startType: 'AUTO_START', state: 'RUNNING' },
  { name: 'W32Time', displayName: 'Windows Time', startType: 'DEMAND_START', state: 'STOPPED' },
  {
    name: 'Winmgmt',
    displayName: 'Windows Management Instrumentation',
    startType: 'AUTO_START',
    state: 'RUNNING',
  },
  { name: 'AppIDSvc', displayName: 'Application Identity', startType: 'DEMAND_START', state: 'STOPPED' },
];

interface InstalledKbProfile {
  kb: string;
  title: string;
}

interface OsProfile {
  osVersion: string;
  builds: readonly (readonly [string, number])[];
  installedKbs: readonly InstalledKbProfile[];
}

// Update lists are plausible for each release, not an exact servicing history: the simulator needs PCs that
// differ the way a real fleet does (two releases, several patch levels), not a catalogue of Microsoft updates.
const LTSC_2019: OsProfile = {
  osVersion: '10.0.17763',
  builds: [
    ['17763.1879', 2],
    ['17763.2061', 3],
    ['17763.2183', 5],
  ],
  installedKbs: [
    { kb: 'KB4486153', title: 'Microsoft .NET Framework 4.8 for Windows 10 Version 1809' },
    { kb: 'KB5003711', title: 'Servicing Stack Update for Windows 10 Version 1809' },
    { kb: 'KB5005112', title: 'Servicing Stack Update for Windows 10 Version 1809' },
  ],
};

const LTSC_2021: OsProfile = {
  osVersion: '10.0.19044',
  builds: [
    ['19044.1288', 1],
    ['19044.1415', 1],
  ],
  installedKbs: [
    { kb: 'KB5003791', title: 'Feature update to Windows 10, version 21H2' },
    { kb: 'KB5005260', title: 'Servicing Stack Update for Windows 10 Version 21H2' },
  ],
};

/** The case fleet ran Chinese-localized Windows; a few English installs keep parsers and analysis honest. */
const OS_CAPTIONS: readonly (readonly [string, number])[] = [
  ['Microsoft Windows 10 企业版 LTSC', 8],
  ['Microsoft Windows 10 Enterprise LTSC', 2],
];

const SITES: readonly (readonly [string, number])[] = [
  ['beijing-hq', 5],
  ['shanghai-branch', 3],
  ['guangzhou-branch', 2],
];

const DEPARTMENTS: readonly (readonly [string, number])[] = [
  ['finance', 2],
  ['hr', 1],
  ['engineering', 4],
  ['front-desk', 1],
];

/** Boot times are drawn back from a fixed instant so that a seed's facts never depend on when it runs. */
const SIMULATION_EPOCH = Date.UTC(2026, 0, 5, 8, 0, 0);

export interface PcProfile {
  hostname: string;
  machineId: string;
  osCaption: string;
  osVersion: string;
  osBuild: string;
  edition: string;
  architecture: string;
  domain: string | null;
  site: string;
  tags: string[];
  installedKbs: InstalledKbProfile[];
  lastBootAt: string;
  /** A process id per running service. */
  pids: Record<string, number>;
}

/** The PC number `index` (0-based) of the fleet drawn from `seed`; its hostname is `SIM-PC-<index+1>`. */
export function createPcProfile(seed: number, index: number): PcProfile {
  const random = new SeededRandom(deriveSeed(seed, index));
  const os = random.pickWeighted<OsProfile>([
    [LTSC_2019, 4],
    [LTSC_2021, 1],
  ]);
  const machineGuid = random.hex(16);
  const pids: Record<string, number> = {};
  for (const service of SIMULATED_SERVICES) pids[service.name] = random.integer(500, 15000) & ~3;
  return {
    hostname: `SIM-PC-${String(index + 1).padStart(3, '0')}`,
    machineId: [
      machineGuid.slice(0, 8),
      machineGuid.slice(8, 12),
      machineGuid.slice(12, 16),
      machineGuid.slice(16, 20),
      machineGuid.slice(20),
    ].join('-'),
    osCaption: random.pickWeighted(OS_CAPTIONS),
    osVersion: os.osVersion,
    osBuild: random.pickWeighted(os.builds),
    edition: 'EnterpriseS',
    architecture: 'x64',
    domain: random.next() < 0.8 ? 'CORP' : null,
    site: random.pickWeighted(SITES),
    tags: [random.pickWeighted(DEPARTMENTS)],
    installedKbs: [...os.installedKbs],
    lastBootAt: new Date(SIMULATION_EPOCH - random.integer(1, 14 * 24) * 3_600_000).toISOString(),
    pids,
  };
}
