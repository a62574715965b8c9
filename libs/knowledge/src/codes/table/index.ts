/**
 * The code table: every code FleetMedic can name and explain, one entry per normalized code, gathered
 * from one file per family. Lookups go through `lookup.ts`, not through this list.
 */
import { CBS_CODES } from './cbs';
import { HRESULT_CODES } from './hresult';
import { JET_CODES } from './jet';
import type { KnownCode } from './known-code';
import { NTSTATUS_CODES } from './ntstatus';
import { WIN32_CODES } from './win32';
import { WINDOWS_UPDATE_CODES } from './windows-update';

export type { KnownCode } from './known-code';
export { SOURCES } from './sources';

export const CODE_TABLE: readonly KnownCode[] = [
  ...WIN32_CODES,
  ...HRESULT_CODES,
  ...NTSTATUS_CODES,
  ...JET_CODES,
  ...WINDOWS_UPDATE_CODES,
  ...CBS_CODES,
];
