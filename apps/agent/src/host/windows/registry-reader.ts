/** Watched registry keys and the pending-restart markers, read with reg.exe. */
import type { WatchedRegistryKey } from '@fleetmedic/protocol';
import type { PendingReboot } from '../host';
import { PENDING_REBOOT_MARKERS, regQuery } from './commands/registry';
import { type CommandRunner, type RunContext, runChecked } from './exec/run-command';
import { parseRegQuery } from './parsers';

export async function readRegistryKey(
  runner: CommandRunner,
  context: RunContext,
  path: string,
): Promise<WatchedRegistryKey> {
  const result = await runChecked(runner, regQuery(path), context);
  const parsed = parseRegQuery(result.stdout);
  // reg.exe lists the key itself first, then subkeys; exit code 1 and no listing mean it is absent.
  const key = result.exitCode === 0 ? parsed.records[0] : undefined;
  if (!key) return { present: false };
  return { present: true, values: Object.fromEntries(key.values.map((value) => [value.name, value.raw])) };
}

export async function readRegistryKeys(
  runner: CommandRunner,
  context: RunContext,
  paths: readonly string[],
): Promise<Record<string, WatchedRegistryKey>> {
  const entries = await Promise.all(
    paths.map(async (path) => [path, await readRegistryKey(runner, context, path)] as const),
  );
  return Object.fromEntries(entries);
}

export async function readPendingReboot(runner: CommandRunner, context: RunContext): Promise<PendingReboot> {
  const reasons: string[] = [];
  for (const marker of PENDING_REBOOT_MARKERS) {
    const value = 'value' in marker ? marker.value : undefined;
    const result = await runChecked(runner, regQuery(marker.path, value), context);
    if (result.exitCode !== 0) continue;
    if (value === 'UpdateExeVolatile') {
      const data = parseRegQuery(result.stdout).records[0]?.values[0]?.raw ?? '0x0';
      if (Number.parseInt(data, 16) === 0) continue;
    }
    reasons.push(marker.reason);
  }
  return { pending: reasons.length > 0, reasons };
}
