/**
 * What the agent watches by default: the services of the field cases (print, update and crypto services)
 * and the core services they lean on, and the registry keys whose presence explained case A.
 */
export const DEFAULT_WATCHED_SERVICES: readonly string[] = [
  'Spooler',
  'CryptSvc',
  'wuauserv',
  'BITS',
  'Dnscache',
  'EventLog',
  'LanmanWorkstation',
  'W32Time',
  'Winmgmt',
  'AppIDSvc',
];

/** The RPC port restriction key: present with a bad configuration, it kept the spooler from starting (case A). */
export const RPC_INTERNET_KEY = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';

export const DEFAULT_WATCHED_REGISTRY_KEYS: readonly string[] = [RPC_INTERNET_KEY];

export interface WatchList {
  services: readonly string[];
  registryKeys: readonly string[];
}

export const DEFAULT_WATCH_LIST: WatchList = {
  services: DEFAULT_WATCHED_SERVICES,
  registryKeys: DEFAULT_WATCHED_REGISTRY_KEYS,
};
