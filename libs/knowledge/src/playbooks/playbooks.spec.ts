/** The playbooks as data: one per id the catalog names, each safe to run, each undoable part-way. */
import { KNOWN_ISSUES } from '../known-issues';
import { PLAYBOOK_IDS } from '../known-issues/known-issue';
import { PLAYBOOKS } from './catalog';
import { INCIDENT_KB, type Playbook, type PlaybookStep } from './playbook';
import { playbookProblems, rollbackOf } from './rollback';

const stepsUntil = (playbook: Playbook, kind: PlaybookStep['kind']): PlaybookStep[] =>
  playbook.steps.slice(0, playbook.steps.findIndex((step) => step.kind === kind) + 1);

describe('playbooks', () => {
  it('exist for every playbook id, and every known issue names one that exists', () => {
    expect(Object.keys(PLAYBOOKS).sort()).toEqual([...PLAYBOOK_IDS].sort());
    const named = KNOWN_ISSUES.flatMap((issue) => (issue.playbook ? [issue.playbook] : []));
    expect(named.filter((id) => PLAYBOOKS[id]?.id !== id)).toEqual([]);
  });

  it.each(Object.values(PLAYBOOKS))('$id: backs up before every change and verifies the fix', (playbook) => {
    expect(playbookProblems(playbook)).toEqual([]);
    expect(playbook.title['zh-CN']).not.toBe('');
    expect(playbook.summary['zh-CN']).not.toBe('');
  });

  it('case A: exports the key before deleting it, then starts and verifies the spooler', () => {
    expect(PLAYBOOKS['spooler-rpc-internet'].steps.map((step) => step.kind)).toEqual([
      'registry.export',
      'registry.delete',
      'service.start',
      'verify.service',
    ]);
  });

  it('case A failing at verification: the spooler is stopped again and the key imported back', () => {
    const playbook = PLAYBOOKS['spooler-rpc-internet'];
    expect(rollbackOf(stepsUntil(playbook, 'verify.service'))).toEqual([
      { kind: 'service.stop', service: 'Spooler' },
      { kind: 'registry.import', backup: 'rpc-internet' },
    ]);
  });

  it('case B failing after catroot2 was emptied: catroot2 restored once, CryptSvc running as before', () => {
    const playbook = PLAYBOOKS['catroot2-repair'];
    expect(rollbackOf(stepsUntil(playbook, 'folder.empty'))).toEqual([
      { kind: 'folder.restore', path: '%SystemRoot%\\System32\\catroot2', backup: 'catroot2' },
      { kind: 'service.start', service: 'CryptSvc' },
    ]);
    expect(playbook.leavesRestartPending).toBe(true);
    expect(playbook.steps).toContainEqual({ kind: 'update.install', kb: INCIDENT_KB });
  });

  it('undoes a service stopped, started and stopped again in full, ending as it was before', () => {
    const service = (kind: 'service.stop' | 'service.start'): PlaybookStep => ({ kind, service: 'wuauserv' });
    expect(rollbackOf([service('service.stop'), service('service.start'), service('service.stop')])).toEqual([
      service('service.start'),
      service('service.stop'),
      service('service.start'),
    ]);
  });

  it('finds an unsafe playbook unsafe', () => {
    const unsafe: Playbook = {
      ...PLAYBOOKS['spooler-rpc-internet'],
      steps: [
        { kind: 'registry.delete', key: 'HKLM\\Software\\Microsoft\\Rpc\\Internet', backup: 'rpc-internet' },
        { kind: 'folder.empty', path: '%SystemRoot%\\System32\\catroot2', backup: 'catroot2' },
      ],
    };
    expect(playbookProblems(unsafe)).toEqual([
      'spooler-rpc-internet step 1 (registry.delete): HKLM\\Software\\Microsoft\\Rpc\\Internet is not exported to backup rpc-internet before',
      'spooler-rpc-internet step 2 (folder.empty): %SystemRoot%\\System32\\catroot2 is not backed up to catroot2 before',
      'spooler-rpc-internet: no step verifies the fix',
    ]);
  });
});
