import { describe, expect, it } from '@jest/globals';
import { createI18nFor } from '../i18n';
import { newPlaybook } from '../testing/remediation-factories';
import { INCIDENT_KB_PLACEHOLDER, KNOWN_STEP_KINDS, stepKindText, stepText } from './step-text';

const en = createI18nFor('en').global.t;
const zh = createI18nFor('zh-CN').global.t;

describe('playbook steps in words', () => {
  it('says what case A does the way a Windows admin would, in English and Chinese', () => {
    const { steps, rollback } = newPlaybook();
    expect(steps.map((step) => stepText(step, { t: en, kb: null }))).toEqual([
      'Export HKLM\\Software\\Microsoft\\Rpc\\Internet to backup rpc-internet',
      'Delete HKLM\\Software\\Microsoft\\Rpc\\Internet (backed up in rpc-internet)',
      'Start service Spooler',
      'Check Spooler is running',
    ]);
    expect(rollback.map((step) => stepText(step, { t: en, kb: null }))).toEqual([
      'Stop service Spooler',
      'Import backup rpc-internet into the registry',
    ]);
    expect(steps.map((step) => stepText(step, { t: zh, kb: null }))).toEqual([
      '将 HKLM\\Software\\Microsoft\\Rpc\\Internet 导出到备份 rpc-internet',
      '删除 HKLM\\Software\\Microsoft\\Rpc\\Internet（已备份到 rpc-internet）',
      '启动服务 Spooler',
      '确认 Spooler 正在运行',
    ]);
  });

  it("names the incident's update where a step is written for it, and says so when the incident has none", () => {
    const install = { kind: 'update.install', kb: INCIDENT_KB_PLACEHOLDER };
    expect(stepText(install, { t: en, kb: 'KB5005030' })).toBe('Install update KB5005030');
    expect(stepText(install, { t: en, kb: null })).toBe('Install the failed update again');
    expect(
      stepText({ kind: 'verify.update', kb: INCIDENT_KB_PLACEHOLDER, installed: true }, { t: zh, kb: null }),
    ).toBe('确认失败的更新已安装');
    expect(stepText({ kind: 'verify.update', kb: 'KB5005033', installed: true }, { t: zh, kb: null })).toBe(
      '确认更新 KB5005033 已安装',
    );
  });

  it('words every step of the closed set, paths and all', () => {
    const catroot2 = '%SystemRoot%\\System32\\catroot2';
    const cases: [Record<string, string | number | boolean> & { kind: string }, string][] = [
      [{ kind: 'service.stop', service: 'CryptSvc' }, 'Stop service CryptSvc'],
      [{ kind: 'service.restart', service: 'wuauserv' }, 'Restart service wuauserv'],
      [
        { kind: 'esentutl.check', database: `${catroot2}\\catdb` },
        `Check database ${catroot2}\\catdb (esentutl /g)`,
      ],
      [
        { kind: 'esentutl.repair', database: 'catdb', backup: 'catroot2' },
        'Repair database catdb (esentutl /p; backed up in catroot2)',
      ],
      [
        { kind: 'folder.backup', path: catroot2, backup: 'catroot2' },
        `Back up folder ${catroot2} to catroot2`,
      ],
      [
        { kind: 'folder.empty', path: catroot2, backup: 'catroot2' },
        `Empty folder ${catroot2}, keeping the folder (backed up in catroot2)`,
      ],
      [
        { kind: 'folder.restore', path: catroot2, backup: 'catroot2' },
        `Restore folder ${catroot2} from backup catroot2`,
      ],
      [{ kind: 'wait', ms: 30_000 }, 'Wait 30 s'],
    ];
    for (const [step, words] of cases) expect(stepText(step, { t: en, kb: null })).toBe(words);
    for (const kind of KNOWN_STEP_KINDS) expect(stepKindText(kind, en)).not.toBe(kind);
  });

  it('names a state other than running by its localized name', () => {
    const serviceState = (state: string) => (state === 'STOPPED' ? 'Stopped' : state);
    expect(
      stepText(
        { kind: 'verify.service', service: 'Spooler', state: 'STOPPED' },
        { t: en, kb: null, serviceState },
      ),
    ).toBe('Check Spooler is Stopped');
  });

  it('shows a step it does not know, or one missing a field, as the server sent it', () => {
    expect(stepText({ kind: 'service.pause', service: 'Spooler' }, { t: en, kb: null })).toBe(
      'service.pause (service=Spooler)',
    );
    expect(stepText({ kind: 'registry.export', backup: 'x' }, { t: en, kb: null })).toBe(
      'registry.export (backup=x)',
    );
    expect(stepKindText('service.pause', en)).toBe('service.pause');
    expect(stepKindText('registry.import', zh)).toBe('导入注册表备份');
  });
});
