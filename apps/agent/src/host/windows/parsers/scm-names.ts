/**
 * Service Control Manager numbers and names. sc.exe, PsService and WMI print the state and start type as
 * numbers (and English SCM names) in every language, so the number is what the parsers read.
 */
import type { ServiceStartType, ServiceState } from '@fleetmedic/protocol/constants';

/** SERVICE_STATUS.dwCurrentState values (winsvc.h). */
const STATE_BY_NUMBER: Readonly<Record<number, ServiceState>> = {
  1: 'STOPPED',
  2: 'START_PENDING',
  3: 'STOP_PENDING',
  4: 'RUNNING',
  5: 'CONTINUE_PENDING',
  6: 'PAUSE_PENDING',
  7: 'PAUSED',
};

/** QUERY_SERVICE_CONFIG.dwStartType values (winsvc.h). */
const START_TYPE_BY_NUMBER: Readonly<Record<number, ServiceStartType>> = {
  0: 'BOOT_START',
  1: 'SYSTEM_START',
  2: 'AUTO_START',
  3: 'DEMAND_START',
  4: 'DISABLED',
};

export function stateFromNumber(value: number): ServiceState | null {
  return STATE_BY_NUMBER[value] ?? null;
}

export function startTypeFromNumber(value: number): ServiceStartType | null {
  return START_TYPE_BY_NUMBER[value] ?? null;
}

export const STATE_NAMES: ReadonlySet<string> = new Set(Object.values(STATE_BY_NUMBER));
export const START_TYPE_NAMES: ReadonlySet<string> = new Set(Object.values(START_TYPE_BY_NUMBER));

/**
 * Win32_Service.State and .StartMode and Get-Service's Status are WMI/.NET enumeration names, which
 * Windows does not translate.
 */
const STATE_BY_WMI_NAME: Readonly<Record<string, ServiceState>> = {
  stopped: 'STOPPED',
  'start pending': 'START_PENDING',
  startpending: 'START_PENDING',
  'stop pending': 'STOP_PENDING',
  stoppending: 'STOP_PENDING',
  running: 'RUNNING',
  'continue pending': 'CONTINUE_PENDING',
  continuepending: 'CONTINUE_PENDING',
  'pause pending': 'PAUSE_PENDING',
  pausepending: 'PAUSE_PENDING',
  paused: 'PAUSED',
};

const START_TYPE_BY_WMI_NAME: Readonly<Record<string, ServiceStartType>> = {
  boot: 'BOOT_START',
  system: 'SYSTEM_START',
  auto: 'AUTO_START',
  automatic: 'AUTO_START',
  manual: 'DEMAND_START',
  disabled: 'DISABLED',
};

export function stateFromWmiName(value: string): ServiceState | null {
  return STATE_BY_WMI_NAME[value.trim().toLowerCase()] ?? null;
}

export function startTypeFromWmiName(value: string): ServiceStartType | null {
  return START_TYPE_BY_WMI_NAME[value.trim().toLowerCase()] ?? null;
}
