/**
 * Servicing failures where a transaction cannot complete: an advanced installer fails and the update rolls
 * back (a corrupt scheduled task), a pending transaction blocks every install, or the transaction resource
 * manager is down. Fixes as Microsoft documents them.
 */
import { SOURCES } from '../../codes/table/sources';
import type { KnownIssue } from '../known-issue';

export const SECUREBOOT_TASK_ROLLBACK: KnownIssue = {
  id: 'cbs-installers-failed-securebootencodeuefi-task',
  title: {
    en: 'Update rolls back with 0x800f0922: the SecureBootEncodeUEFI scheduled task is corrupt',
    'zh-CN': '更新因 0x800f0922 回滚：计划任务 SecureBootEncodeUEFI 已损坏',
  },
  fingerprints: ['patch:*:0x800f0922'],
  confirmingEvidence: [
    {
      kind: 'evidence-line',
      contains: ['SecureBootEncodeUEFI'],
      description: {
        en: 'CBS.log or the Task Scheduler log (event 146) names the SecureBootEncodeUEFI task.',
        'zh-CN': 'CBS.log 或任务计划程序日志（事件 146）中出现了 SecureBootEncodeUEFI 任务。',
      },
    },
  ],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'Installing the update fails with 0x800f0922 (CBS_E_INSTALLERS_FAILED) and CBS rolls it back: the Task ' +
      'Scheduler advanced installer cannot register the \\Microsoft\\Windows\\PI\\SecureBootEncodeUEFI task ' +
      '(RegisterTask failed 0x80070002), and the TaskScheduler/Operational log shows event 146, "Task loading at ' +
      'service startup failed", for that task. The scheduled task is corrupt.',
    'zh-CN':
      '安装更新时失败，错误为 0x800f0922（CBS_E_INSTALLERS_FAILED），CBS 将其回滚：任务计划程序的高级安装程序无法注册任务 ' +
      '\\Microsoft\\Windows\\PI\\SecureBootEncodeUEFI（RegisterTask failed 0x80070002），TaskScheduler/Operational 日志中' +
      '该任务有事件 146“服务启动时加载任务失败”。该计划任务已损坏。',
  },
  fix: {
    en:
      'List the staged update packages (Dism /english /online /get-packages /format:table | findstr /i "Staged") and ' +
      'remove them (Dism /online /remove-package /PackageName:<name>); read the task GUID with reg query ' +
      '"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Microsoft\\Windows\\PI\\SecureBootEncodeUEFI" /v ID; ' +
      'delete TaskCache\\Maintenance\\{GUID}, TaskCache\\Plain\\{GUID}, TaskCache\\Tasks\\{GUID} and the ' +
      'TaskCache\\Tree\\Microsoft\\Windows\\PI\\SecureBootEncodeUEFI key; then install the update again.',
    'zh-CN':
      '列出处于暂存状态的更新程序包（Dism /english /online /get-packages /format:table | findstr /i "Staged"）并将其删除' +
      '（Dism /online /remove-package /PackageName:<名称>）；用 reg query ' +
      '"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Microsoft\\Windows\\PI\\SecureBootEncodeUEFI" /v ID ' +
      '读取任务的 GUID；删除 TaskCache\\Maintenance\\{GUID}、TaskCache\\Plain\\{GUID}、TaskCache\\Tasks\\{GUID} 以及 ' +
      'TaskCache\\Tree\\Microsoft\\Windows\\PI\\SecureBootEncodeUEFI 注册表项，然后重新安装更新。',
  },
  playbook: null,
  risk: 'high',
  source: SOURCES.windowsUpdateError0x800f0922,
  seeAlso: [SOURCES.windowsUpdateCommonErrors],
};

export const PENDING_SERVICING_TRANSACTION: KnownIssue = {
  id: 'pending-servicing-transaction',
  title: {
    en: 'A pending servicing transaction blocks every update (0x80070bc9)',
    'zh-CN': '挂起的服务事务阻止了所有更新（0x80070bc9）',
  },
  fingerprints: ['patch:*:0x80070bc9'],
  confirmingEvidence: [
    {
      kind: 'evidence-line',
      contains: ['pending operations', 'ERROR_FAIL_REBOOT_REQUIRED'],
      description: {
        en: 'CBS.log: the transaction analysis failed because of pending operations (ERROR_FAIL_REBOOT_REQUIRED).',
        'zh-CN': 'CBS.log：由于存在挂起的操作，事务分析失败（ERROR_FAIL_REBOOT_REQUIRED）。',
      },
    },
  ],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'Updates fail with 0x80070bc9 (ERROR_FAIL_REBOOT_REQUIRED): a servicing transaction is pending and must complete ' +
      'at a restart, and until it does it blocks every other installation. Microsoft documents two causes: a Group ' +
      'Policy sets the TrustedInstaller service to Manual, so the Automatic start type that TrustedInstaller sets for ' +
      'the pending transaction is reverted before the restart; or corruption in the Transactional Entries keeps ' +
      'TrustedInstaller from clearing the pending state.',
    'zh-CN':
      '更新失败，错误为 0x80070bc9（ERROR_FAIL_REBOOT_REQUIRED）：有一个服务事务处于挂起状态，必须在重启时完成，在此之前它会阻止' +
      '所有其他安装。Microsoft 记录了两种原因：组策略把 TrustedInstaller 服务设为“手动”，使 TrustedInstaller 为挂起事务设置的' +
      '“自动”启动类型在重启前被还原；或者 Transactional Entries 损坏，TrustedInstaller 无法清除挂起状态。',
  },
  fix: {
    en:
      'Remove any policy that controls the start type of TrustedInstaller, set it to Automatic and restart. If the ' +
      'transaction is still pending, start the PC in WinRE and revert the pending actions (dism /Image:C:\\ ' +
      '/Cleanup-Image /RevertPendingActions). When the Transactional Entries are corrupt, Microsoft recommends an ' +
      'in-place upgrade.',
    'zh-CN':
      '移除控制 TrustedInstaller 启动类型的策略，将其设为“自动”并重启。如果事务仍处于挂起状态，在 WinRE 中启动电脑并撤销挂起的操作' +
      '（dism /Image:C:\\ /Cleanup-Image /RevertPendingActions）。如果是 Transactional Entries 损坏，Microsoft 建议执行就地升级。',
  },
  playbook: null,
  risk: 'high',
  source: SOURCES.windowsUpdateCommonErrors,
  seeAlso: [SOURCES.windowsUpdateError0x80070bc9],
};

export const TRANSACTION_MANAGER_NOT_ACTIVE: KnownIssue = {
  id: 'transaction-resource-manager-not-active',
  title: {
    en: 'The update cannot commit: the transaction resource manager is not active (0x80071a91)',
    'zh-CN': '更新无法提交：事务资源管理器未处于活动状态（0x80071a91）',
  },
  fingerprints: ['patch:*:0x80071a91'],
  confirmingEvidence: [
    {
      kind: 'evidence-line',
      contains: ['Failed to commit CBS transaction', 'ERROR_RM_NOT_ACTIVE'],
      description: {
        en: 'CBS.log: committing the CBS transaction failed with ERROR_RM_NOT_ACTIVE.',
        'zh-CN': 'CBS.log：提交 CBS 事务失败，错误为 ERROR_RM_NOT_ACTIVE。',
      },
    },
  ],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'Windows Update writes through the Kernel Transaction Manager and transactional NTFS, and the update cannot commit ' +
      'its changes because the transaction resource manager is not active (0x80071a91, ERROR_RM_NOT_ACTIVE). Microsoft ' +
      'names as causes a corrupt NTFS transaction log on the system volume, a KTM that cannot manage transactions, an ' +
      'earlier interrupted update, disk errors, an antivirus or file system filter driver blocking transactional ' +
      'operations, or a corrupt component store.',
    'zh-CN':
      'Windows 更新通过内核事务管理器 (KTM) 和事务性 NTFS 写入文件，由于事务资源管理器未处于活动状态（0x80071a91，ERROR_RM_NOT_ACTIVE），' +
      '更新无法提交更改。Microsoft 列出的原因包括：系统卷上的 NTFS 事务日志损坏、KTM 无法管理事务、之前的更新被中断、磁盘错误、' +
      '防病毒软件或文件系统筛选驱动阻止了事务性操作，或组件存储损坏。',
  },
  fix: {
    en:
      'Reset the NTFS transaction logs (fsutil resource setautoreset true C:\\) and restart; repair the component store ' +
      '(DISM /Online /Cleanup-Image /RestoreHealth) and the system files (sfc /scannow), restart and try again; if it ' +
      'still fails, reset the Windows Update components and check the disk (chkdsk C: /f).',
    'zh-CN':
      '重置 NTFS 事务日志（fsutil resource setautoreset true C:\\）并重启；修复组件存储（DISM /Online /Cleanup-Image /RestoreHealth）' +
      '和系统文件（sfc /scannow），重启后重试；如果仍然失败，重置 Windows 更新组件并检查磁盘（chkdsk C: /f）。',
  },
  playbook: null,
  risk: 'medium',
  source: SOURCES.windowsUpdateError0x80071a91,
  seeAlso: [],
};
