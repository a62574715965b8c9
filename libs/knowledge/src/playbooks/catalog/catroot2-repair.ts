/**
 * Case B: the CryptSvc catalog database is corrupt. Back catroot2 up first (it holds catdb), repair catdb,
 * empty catroot2 so that CryptSvc rebuilds it, then install the failed update again.
 */
import { INCIDENT_KB, type Playbook } from '../playbook';

const CATROOT2 = '%SystemRoot%\\System32\\catroot2';
const CATDB = `${CATROOT2}\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb`;

export const CATROOT2_REPAIR: Playbook = {
  id: 'catroot2-repair',
  version: 1,
  title: {
    en: 'Repair the catalog database, rebuild catroot2 and install the update again',
    'zh-CN': '修复编录数据库、重建 catroot2 并重新安装更新',
  },
  summary: {
    en: 'Stops CryptSvc, backs catroot2 up, checks and repairs catdb with esentutl, empties catroot2 (keeping the folder) and starts CryptSvc so that it rebuilds it, then installs the failed update again and checks it is installed; a restart is then pending. On failure catroot2 is restored from the backup.',
    'zh-CN':
      '停止 CryptSvc，备份 catroot2，用 esentutl 检查并修复 catdb，清空 catroot2（保留文件夹）后启动 CryptSvc 让其重建，然后重新安装失败的更新并确认已安装；之后需要重启。失败时从备份还原 catroot2。',
  },
  risk: 'medium',
  steps: [
    { kind: 'service.stop', service: 'CryptSvc' },
    { kind: 'folder.backup', path: CATROOT2, backup: 'catroot2' },
    { kind: 'esentutl.check', database: CATDB },
    { kind: 'esentutl.repair', database: CATDB, backup: 'catroot2' },
    { kind: 'folder.empty', path: CATROOT2, backup: 'catroot2' },
    { kind: 'service.start', service: 'CryptSvc' },
    { kind: 'verify.service', service: 'CryptSvc', state: 'RUNNING' },
    { kind: 'update.install', kb: INCIDENT_KB },
    { kind: 'verify.update', kb: INCIDENT_KB, installed: true },
  ],
  leavesRestartPending: true,
  source: 'cases/case-b-catroot2-kb.md',
};
