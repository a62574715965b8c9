/**
 * The classic reset of the Windows Update components named in case B: stop BITS, wuauserv, AppIDSvc and
 * CryptSvc, set the update data store, the download cache and catroot2 aside (backed up, then emptied, so
 * that they are rebuilt), start the services again and install the update again. Re-registering the DLLs
 * of the old procedure is not a step here: it is not in the closed step set, and Microsoft's current
 * guidance for these errors resets the services and folders only.
 */
import { INCIDENT_KB, type Playbook } from '../playbook';
import { SOURCES } from '../../codes/table/sources';

const SERVICES = ['BITS', 'wuauserv', 'AppIDSvc', 'CryptSvc'] as const;
const FOLDERS = [
  { path: '%SystemRoot%\\SoftwareDistribution', backup: 'software-distribution' },
  { path: '%SystemRoot%\\System32\\catroot2', backup: 'catroot2' },
] as const;

export const RESET_WINDOWS_UPDATE_COMPONENTS: Playbook = {
  id: 'reset-windows-update-components',
  version: 1,
  title: {
    en: 'Reset the Windows Update components and install the update again',
    'zh-CN': '重置 Windows 更新组件并重新安装更新',
  },
  summary: {
    en: 'Stops BITS, wuauserv, AppIDSvc and CryptSvc, backs up and empties SoftwareDistribution and catroot2 so that Windows rebuilds them, starts the services again, installs the failed update again and checks it is installed; a restart is then pending. On failure both folders are restored from their backups.',
    'zh-CN':
      '停止 BITS、wuauserv、AppIDSvc 和 CryptSvc，备份并清空 SoftwareDistribution 和 catroot2 以便 Windows 重建，重新启动这些服务，重新安装失败的更新并确认已安装；之后需要重启。失败时从备份还原这两个文件夹。',
  },
  risk: 'medium',
  steps: [
    ...SERVICES.map((service) => ({ kind: 'service.stop' as const, service })),
    ...FOLDERS.flatMap(({ path, backup }) => [
      { kind: 'folder.backup' as const, path, backup },
      { kind: 'folder.empty' as const, path, backup },
    ]),
    ...[...SERVICES].reverse().map((service) => ({ kind: 'service.start' as const, service })),
    { kind: 'verify.service', service: 'CryptSvc', state: 'RUNNING' },
    { kind: 'update.install', kb: INCIDENT_KB },
    { kind: 'verify.update', kb: INCIDENT_KB, installed: true },
  ],
  leavesRestartPending: true,
  source: SOURCES.windowsUpdateCommonErrors,
};
