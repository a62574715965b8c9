/**
 * Safety of playbooks, decided from the data alone: which steps undo a run that stopped part-way, and
 * whether every change is preceded by the backup that undoes it.
 */
import type { Playbook, PlaybookStep } from './playbook';

/** The steps that put the PC back as it was before `executed` (the steps run, in order), last change first. */
export function rollbackOf(executed: readonly PlaybookStep[]): PlaybookStep[] {
  const folderOf = new Map<string, string>();
  for (const step of executed) if (step.kind === 'folder.backup') folderOf.set(step.backup, step.path);
  const undo: PlaybookStep[] = [];
  for (const step of [...executed].reverse()) {
    const inverse = inverseOf(step, folderOf);
    // The same undo step twice in a row (one folder restored for its repair and for its emptying) changes
    // nothing the first did not; further apart, each is needed (a service stopped, started, stopped again).
    const previous = undo[undo.length - 1];
    if (inverse && !(previous && sameStep(previous, inverse))) undo.push(inverse);
  }
  return undo;
}

function inverseOf(step: PlaybookStep, folderOf: ReadonlyMap<string, string>): PlaybookStep | null {
  switch (step.kind) {
    case 'service.stop':
      return { kind: 'service.start', service: step.service };
    case 'service.start':
      return { kind: 'service.stop', service: step.service };
    case 'registry.delete':
      return { kind: 'registry.import', backup: step.backup };
    case 'folder.empty':
      return { kind: 'folder.restore', path: step.path, backup: step.backup };
    case 'esentutl.repair': {
      const path = folderOf.get(step.backup);
      return path === undefined ? null : { kind: 'folder.restore', path, backup: step.backup };
    }
    // Reading, backing up, waiting and verifying change nothing; a restart leaves the service as it was;
    // an installed update is not uninstalled (the PC is then better off, and Windows may refuse anyway).
    case 'service.restart':
    case 'registry.export':
    case 'registry.import':
    case 'esentutl.check':
    case 'folder.backup':
    case 'folder.restore':
    case 'update.install':
    case 'wait':
    case 'verify.service':
    case 'verify.update':
      return null;
  }
}

function sameStep(a: PlaybookStep, b: PlaybookStep): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What is unsafe in a playbook: each entry a sentence; none for a playbook fit to run. */
export function playbookProblems(playbook: Playbook): string[] {
  const problems: string[] = [];
  const registryBackups = new Map<string, string>();
  const folderBackups = new Map<string, string>();
  playbook.steps.forEach((step, index) => {
    const where = `${playbook.id} step ${index + 1} (${step.kind})`;
    switch (step.kind) {
      case 'registry.export':
        registryBackups.set(step.backup, step.key.toLowerCase());
        break;
      case 'folder.backup':
        folderBackups.set(step.backup, step.path.toLowerCase());
        break;
      case 'registry.delete':
      case 'registry.import':
        if (step.kind === 'registry.delete' && registryBackups.get(step.backup) !== step.key.toLowerCase())
          problems.push(`${where}: ${step.key} is not exported to backup ${step.backup} before`);
        if (step.kind === 'registry.import' && !registryBackups.has(step.backup))
          problems.push(`${where}: no backup ${step.backup} is taken before`);
        break;
      case 'folder.empty':
      case 'folder.restore':
        if (folderBackups.get(step.backup) !== step.path.toLowerCase())
          problems.push(`${where}: ${step.path} is not backed up to ${step.backup} before`);
        break;
      case 'esentutl.repair': {
        const folder = folderBackups.get(step.backup);
        if (folder === undefined || !step.database.toLowerCase().startsWith(`${folder}\\`))
          problems.push(
            `${where}: the folder holding ${step.database} is not backed up to ${step.backup} before`,
          );
        break;
      }
      case 'service.stop':
      case 'service.start':
      case 'service.restart':
      case 'esentutl.check':
      case 'update.install':
      case 'wait':
      case 'verify.service':
      case 'verify.update':
        break;
    }
  });
  if (!playbook.steps.some((step) => step.kind === 'verify.service' || step.kind === 'verify.update'))
    problems.push(`${playbook.id}: no step verifies the fix`);
  return problems;
}
