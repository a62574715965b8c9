/**
 * The executor's own safety net: a step that changes the PC runs only when the backup that undoes it was taken
 * earlier in the same job, of the same key or folder. Playbooks are checked for this when they are written
 * (`playbookProblems`); the agent checks again, because it must never depend on the server's good behaviour.
 */
import type { PlaybookStep } from '@fleetmedic/knowledge';

export interface TakenBackup {
  kind: 'registry' | 'folder';
  /** The key or folder, lower-cased (Windows ignores case in both). */
  of: string;
}

/** The backup a successful step has taken, if it takes one. */
export function backupTakenBy(step: PlaybookStep): [name: string, backup: TakenBackup] | null {
  if (step.kind === 'registry.export') return [step.backup, { kind: 'registry', of: step.key.toLowerCase() }];
  if (step.kind === 'folder.backup') return [step.backup, { kind: 'folder', of: step.path.toLowerCase() }];
  return null;
}

/** Why `step` may not run with the backups taken so far, or null when it may. */
export function missingBackup(step: PlaybookStep, taken: ReadonlyMap<string, TakenBackup>): string | null {
  const need = (
    name: string,
    kind: TakenBackup['kind'],
    fits: (of: string) => boolean,
    what: string,
  ): string | null => {
    const backup = taken.get(name);
    return backup?.kind === kind && fits(backup.of)
      ? null
      : `no backup ${name} of ${what} was taken earlier in this job; the agent changes nothing it cannot put back`;
  };
  switch (step.kind) {
    case 'registry.delete':
      return need(step.backup, 'registry', (of) => of === step.key.toLowerCase(), step.key);
    case 'registry.import':
      return need(step.backup, 'registry', () => true, 'a registry key');
    case 'folder.empty':
    case 'folder.restore':
      return need(step.backup, 'folder', (of) => of === step.path.toLowerCase(), step.path);
    case 'esentutl.repair':
      return need(
        step.backup,
        'folder',
        (of) => step.database.toLowerCase().startsWith(`${of}\\`),
        `the folder holding ${step.database}`,
      );
    case 'service.stop':
    case 'service.start':
    case 'service.restart':
    case 'registry.export':
    case 'esentutl.check':
    case 'folder.backup':
    case 'update.install':
    case 'wait':
    case 'verify.service':
    case 'verify.update':
      return null;
  }
}
