/**
 * Servicing failures whose fix Microsoft documents for every PC alike: a corrupt component store, a
 * servicing stack too old for the update, and servicing operations that outlive the watchdog.
 */
import { SOURCES } from '../../codes/table/sources';
import type { KnownIssue } from '../known-issue';

export const COMPONENT_STORE_CORRUPTION: KnownIssue = {
  id: 'component-store-corruption',
  title: {
    en: 'Component store corruption blocks the update',
    'zh-CN': '组件存储损坏导致更新无法安装',
  },
  fingerprints: [
    'patch:*:0x80073712',
    'patch:*:0x800f081f',
    'patch:*:0x800f0831',
    'patch:*:0x8007371b',
    'patch:*:0x80073701',
    'patch:*:0x800736cc',
    'patch:*:0x80070570',
    'patch:*:0x800f0825',
    'patch:*:0x800f0982',
    'patch:*:0x800f0984',
    'patch:*:0x800f0986',
  ],
  confirmingEvidence: [
    {
      kind: 'evidence-line',
      contains: ['CSI Payload Corrupt'],
      description: {
        en: 'The servicing log reports a corrupt payload file in the component store (CSI Payload Corrupt).',
        'zh-CN': '服务日志报告组件存储中的负载文件已损坏（CSI Payload Corrupt）。',
      },
    },
    {
      kind: 'evidence-line',
      contains: ['CSI Manifest Corrupt'],
      description: {
        en: 'The servicing log reports a corrupt component manifest (CSI Manifest Corrupt).',
        'zh-CN': '服务日志报告组件清单已损坏（CSI Manifest Corrupt）。',
      },
    },
    {
      kind: 'evidence-line',
      contains: ['CBS MUM Missing'],
      description: {
        en: 'The servicing log reports a missing package manifest (CBS MUM Missing).',
        'zh-CN': '服务日志报告缺少程序包清单（CBS MUM Missing）。',
      },
    },
  ],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'Windows servicing cannot install the update because the component store is corrupt or incomplete: a payload ' +
      'file, a component manifest or a package manifest and catalog (.mum/.cat) is missing or damaged, often left by a ' +
      'component in a partially installed state. Microsoft lists these codes as the common corruption errors of ' +
      'Windows Update. DISM checks the store against Windows Update or a repair source and replaces what is damaged; ' +
      'CBS.log then lists what it found and what it fixed.',
    'zh-CN':
      'Windows 服务无法安装更新，因为组件存储已损坏或不完整：某个负载文件、组件清单或程序包清单与编录（.mum/.cat）缺失或损坏，' +
      '常见原因是某个组件处于部分安装状态。Microsoft 将这些错误代码列为 Windows 更新的常见损坏错误。DISM 会对照 Windows 更新' +
      '或修复源检查组件存储并替换损坏的内容，CBS.log 随后会列出发现和修复的项目。',
  },
  fix: {
    en:
      'In an elevated command prompt run DISM.exe /Online /Cleanup-Image /RestoreHealth, then sfc /scannow, restart and ' +
      'run Windows Update again. Without access to Windows Update, give DISM a repair source running the same Windows ' +
      'version: DISM.exe /Online /Cleanup-Image /RestoreHealth /Source:\\\\<server>\\c$\\winsxs /LimitAccess. If DISM ' +
      'cannot repair everything, download the packages CBS.log names from the Microsoft Update Catalog, extract them and ' +
      'use their files as the source.',
    'zh-CN':
      '在管理员命令提示符中运行 DISM.exe /Online /Cleanup-Image /RestoreHealth，然后运行 sfc /scannow，重启后再次运行 Windows 更新。' +
      '如果无法访问 Windows 更新，请为 DISM 指定运行相同 Windows 版本的修复源：DISM.exe /Online /Cleanup-Image /RestoreHealth ' +
      '/Source:\\\\<server>\\c$\\winsxs /LimitAccess。如果 DISM 无法全部修复，请从 Microsoft 更新目录下载 CBS.log 中列出的程序包，' +
      '解压后用其中的文件作为修复源。',
  },
  playbook: null,
  risk: 'low',
  source: SOURCES.fixWindowsUpdateCorruption,
  seeAlso: [SOURCES.windowsUpdateCommonErrors],
};

export const SERVICING_STACK_OUT_OF_DATE: KnownIssue = {
  id: 'servicing-stack-out-of-date',
  title: {
    en: 'The update needs a newer servicing stack',
    'zh-CN': '更新需要更新版本的服务堆栈',
  },
  fingerprints: ['patch:*:0x800f0823', 'patch:*:0x80242017'],
  confirmingEvidence: [
    {
      kind: 'evidence-line',
      contains: ['requires Servicing Stack'],
      description: {
        en: 'CBS.log states which servicing stack version the package requires and which one is installed.',
        'zh-CN': 'CBS.log 写明了程序包所需的服务堆栈版本以及当前安装的版本。',
      },
    },
  ],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      "The update cannot be installed because the PC's servicing stack, the component that installs Windows updates, " +
      'is out of date (0x800f0823, CBS_E_NEW_SERVICING_STACK_REQUIRED; Windows Update reports 0x80242017). Windows ' +
      'Update normally keeps it current through servicing stack updates (SSUs), but a PC that skipped updates falls ' +
      'behind.',
    'zh-CN':
      '电脑的服务堆栈（负责安装 Windows 更新的组件）版本过旧，因此无法安装该更新（0x800f0823，CBS_E_NEW_SERVICING_STACK_REQUIRED；' +
      'Windows 更新报告为 0x80242017）。Windows 更新通常会通过服务堆栈更新 (SSU) 使其保持最新，但跳过了更新的电脑会落后。',
  },
  fix: {
    en:
      'Install the most recent servicing stack update: for older Windows versions search the Microsoft Update Catalog ' +
      'for the SSU; on newer versions the latest cumulative update carries it, found through the update history. ' +
      'Restart, then install the failed update again.',
    'zh-CN':
      '安装最新的服务堆栈更新：较旧的 Windows 版本请在 Microsoft 更新目录中搜索 SSU；较新的版本中，最新的累积更新已包含 SSU，' +
      '可通过更新历史记录找到。重启后重新安装失败的更新。',
  },
  playbook: null,
  risk: 'low',
  source: SOURCES.windowsUpdateError0x800f0823,
  seeAlso: [SOURCES.windowsUpdateErrorReference],
};

export const SERVICING_WATCHDOG_TIMEOUT: KnownIssue = {
  id: 'servicing-watchdog-timeout',
  title: {
    en: 'Servicing takes too long and the watchdog aborts it',
    'zh-CN': '服务操作耗时过长，被看门狗计时器中止',
  },
  fingerprints: ['patch:*:0x800f0821', 'patch:*:0x800f0920'],
  confirmingEvidence: [],
  watchRegistryKeys: [],
  diagnosis: {
    en:
      'A servicing operation takes so long that the servicing stack watchdog timer expires: CBS aborts the transaction ' +
      '(0x800f0821, CBS_E_ABORT) and then reports that the operation stopped responding (0x800f0920, CBS_E_HANG_DETECTED).',
    'zh-CN':
      '某个服务操作耗时过长，服务堆栈的看门狗计时器到期：CBS 中止事务（0x800f0821，CBS_E_ABORT），随后报告操作无响应' +
      '（0x800f0920，CBS_E_HANG_DETECTED）。',
  },
  fix: {
    en:
      'Microsoft mitigates it by letting servicing finish within the timeout: give the PC more resources (for a virtual ' +
      'machine, more virtual CPUs and memory) and make sure KB4493473 or a later update is installed; then install the ' +
      'update again.',
    'zh-CN':
      'Microsoft 的缓解办法是让服务操作在超时前完成：为电脑提供更多资源（虚拟机可增加虚拟 CPU 和内存），' +
      '并确认已安装 KB4493473 或更高版本的更新，然后重新安装更新。',
  },
  playbook: null,
  risk: 'low',
  source: SOURCES.windowsUpdateCommonErrors,
  seeAlso: [],
};
