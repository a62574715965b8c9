/** Windows Update agent failures with a documented fix: the update service disabled, bad update metadata. */
import { SOURCES } from '../../codes/table/sources';
import type { KnownIssue } from '../known-issue';

export const WINDOWS_UPDATE_SERVICE_DISABLED: KnownIssue = {
  id: 'windows-update-service-disabled',
  title: {
    en: 'The Windows Update service is disabled or not running (0x80070422)',
    'zh-CN': 'Windows 更新服务被禁用或未运行（0x80070422）',
  },
  fingerprints: ['patch:*:0x80070422', 'service:wuauserv:0x80070422'],
  confirmingEvidence: [],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'Windows Update fails with 0x80070422 (ERROR_SERVICE_DISABLED) because the Windows Update service (wuauserv) has ' +
      'stopped working or is not running: a service that is disabled cannot be started.',
    'zh-CN':
      'Windows 更新失败，错误为 0x80070422（ERROR_SERVICE_DISABLED），因为 Windows 更新服务 (wuauserv) 已停止工作或未运行：' +
      '被禁用的服务无法启动。',
  },
  fix: {
    en:
      'Check that the Windows Update service (wuauserv) is running. If it is disabled, set its start type back to Manual ' +
      'or Automatic and start it, then scan for updates again. If a policy or management tool disables it, change the ' +
      'setting there, or it will be disabled again.',
    'zh-CN':
      '检查 Windows 更新服务 (wuauserv) 是否在运行。如果已被禁用，将其启动类型改回“手动”或“自动”并启动服务，然后重新检查更新。' +
      '如果是策略或管理工具禁用了它，请在那里修改设置，否则它会再次被禁用。',
  },
  playbook: null,
  risk: 'low',
  source: SOURCES.windowsUpdateCommonErrors,
  seeAlso: [],
};

export const WINDOWS_UPDATE_INVALID_METADATA: KnownIssue = {
  id: 'windows-update-invalid-metadata',
  title: {
    en: 'Windows Update rejects the update metadata (0x80242006)',
    'zh-CN': 'Windows 更新无法处理更新的元数据（0x80242006）',
  },
  fingerprints: ['patch:*:0x80242006'],
  confirmingEvidence: [],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'A Windows Update handler cannot complete because the update contains invalid metadata (0x80242006, ' +
      "WU_E_UH_INVALIDMETADATA). Microsoft's mitigation is to rename the Windows Update data store, the download cache " +
      'and catroot2 so that they are rebuilt, and to download the update again.',
    'zh-CN':
      '由于更新包含无效的元数据（0x80242006，WU_E_UH_INVALIDMETADATA），Windows 更新处理程序无法完成操作。Microsoft 的缓解办法是' +
      '重命名 Windows 更新数据存储、下载缓存和 catroot2，使它们重新生成，然后重新下载更新。',
  },
  fix: {
    en:
      'Reset the Windows Update components: stop BITS, wuauserv and CryptSvc, rename ' +
      '%systemroot%\\SoftwareDistribution\\DataStore, %systemroot%\\SoftwareDistribution\\Download and ' +
      '%systemroot%\\System32\\catroot2 to *.bak, start the services again and download the update again.',
    'zh-CN':
      '重置 Windows 更新组件：停止 BITS、wuauserv 和 CryptSvc，将 %systemroot%\\SoftwareDistribution\\DataStore、' +
      '%systemroot%\\SoftwareDistribution\\Download 和 %systemroot%\\System32\\catroot2 重命名为 *.bak，重新启动这些服务，' +
      '然后重新下载更新。',
  },
  playbook: 'reset-windows-update-components',
  risk: 'medium',
  source: SOURCES.windowsUpdateCommonErrors,
  seeAlso: [SOURCES.windowsUpdateResources],
};
