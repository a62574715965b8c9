/**
 * The known-issue catalog, versioned: the field cases and the servicing failures whose fix is public.
 * Bump CATALOG_VERSION whenever an entry is added, removed or changes what it matches, so that servers and
 * agents can tell which knowledge they are running.
 */
import { registryKeyId } from '../registry-path';
import type { KnownIssue } from '../known-issue';
import { SPOOLER_RPC_INTERNET } from './case-a-spooler-rpc';
import { CATROOT2_CATALOG_DATABASE_CORRUPT } from './case-b-catroot2';
import {
  COMPONENT_STORE_CORRUPTION,
  SERVICING_STACK_OUT_OF_DATE,
  SERVICING_WATCHDOG_TIMEOUT,
} from './servicing';
import {
  PENDING_SERVICING_TRANSACTION,
  SECUREBOOT_TASK_ROLLBACK,
  TRANSACTION_MANAGER_NOT_ACTIVE,
} from './servicing-transactions';
import { WINDOWS_UPDATE_INVALID_METADATA, WINDOWS_UPDATE_SERVICE_DISABLED } from './windows-update';

export const CATALOG_VERSION = 1;

export const KNOWN_ISSUES: readonly KnownIssue[] = [
  SPOOLER_RPC_INTERNET,
  CATROOT2_CATALOG_DATABASE_CORRUPT,
  COMPONENT_STORE_CORRUPTION,
  SECUREBOOT_TASK_ROLLBACK,
  SERVICING_STACK_OUT_OF_DATE,
  PENDING_SERVICING_TRANSACTION,
  TRANSACTION_MANAGER_NOT_ACTIVE,
  SERVICING_WATCHDOG_TIMEOUT,
  WINDOWS_UPDATE_SERVICE_DISABLED,
  WINDOWS_UPDATE_INVALID_METADATA,
];

export function findKnownIssue(id: string): KnownIssue | null {
  return KNOWN_ISSUES.find((issue) => issue.id === id) ?? null;
}

/** The registry keys the agent must report in its host facts for the catalog's evidence to be checked. */
export function watchedRegistryKeys(): string[] {
  const keys = new Map<string, string>();
  for (const issue of KNOWN_ISSUES) {
    for (const key of issue.watchRegistryKeys) {
      if (!keys.has(registryKeyId(key))) keys.set(registryKeyId(key), key);
    }
  }
  return [...keys.values()];
}

export { RPC_INTERNET_KEY } from './case-a-spooler-rpc';
