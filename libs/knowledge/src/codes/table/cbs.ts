/**
 * Servicing (Component-Based Servicing) codes, 0x800f08xx and 0x800f09xx: what CBS.log, DISM and the
 * servicing events report when a package cannot be staged or installed. winerror.h files them under
 * FACILITY_SETUPAPI (15). Texts follow Microsoft's "Fix Windows Update corruptions and installation
 * failures", "Windows Update common errors and mitigation" and the per-error troubleshooting articles.
 */
import type { KnownCode } from './known-code';
import { SOURCES } from './sources';

const FIX = SOURCES.fixWindowsUpdateCorruption;
const COMMON = SOURCES.windowsUpdateCommonErrors;
const SSU = SOURCES.windowsUpdateError0x800f0823;

export const CBS_CODES: readonly KnownCode[] = [
  {
    code: '0x800f081f',
    kind: 'cbs',
    symbol: 'CBS_E_SOURCE_MISSING',
    meaning: { en: 'The source for the package or file was not found.', 'zh-CN': '找不到程序包或文件的源。' },
    source: FIX,
  },
  {
    code: '0x800f0821',
    kind: 'cbs',
    symbol: 'CBS_E_ABORT',
    meaning: {
      en: 'Client abort (IDABORT returned by an ICbsUIHandler method); reported when the CBS transaction timeout is exceeded.',
      'zh-CN': '客户端中止（ICbsUIHandler 方法返回 IDABORT）；在 CBS 事务超时时出现。',
    },
    source: COMMON,
  },
  {
    code: '0x800f0823',
    kind: 'cbs',
    symbol: 'CBS_E_NEW_SERVICING_STACK_REQUIRED',
    meaning: {
      en: 'The package requires a newer servicing stack than the one installed.',
      'zh-CN': '程序包需要比当前已安装版本更新的服务堆栈。',
    },
    source: SSU,
  },
  {
    code: '0x800f0825',
    kind: 'cbs',
    symbol: 'CBS_E_CANNOT_UNINSTALL',
    meaning: { en: 'Package cannot be uninstalled.', 'zh-CN': '程序包无法卸载。' },
    source: COMMON,
  },
  {
    code: '0x800f0831',
    kind: 'cbs',
    symbol: 'CBS_E_STORE_CORRUPTION',
    meaning: { en: 'CBS store is corrupted.', 'zh-CN': 'CBS 存储已损坏。' },
    source: FIX,
  },
  {
    code: '0x800f090d',
    kind: 'cbs',
    symbol: 'CBS_E_MISSING_PACKAGE_MAPPING_INDEX',
    meaning: {
      en: 'The package cannot be found in the cached Windows Update index mapping.',
      'zh-CN': '在缓存的 Windows 更新索引映射中找不到该程序包。',
    },
    source: SOURCES.dismError0x800f0906,
  },
  {
    code: '0x800f0920',
    kind: 'cbs',
    symbol: 'CBS_E_HANG_DETECTED',
    meaning: {
      en: 'A failure to respond was detected while processing the operation.',
      'zh-CN': '处理操作时检测到无响应（挂起）。',
    },
    source: COMMON,
  },
  {
    code: '0x800f0922',
    kind: 'cbs',
    symbol: 'CBS_E_INSTALLERS_FAILED',
    meaning: {
      en: 'The advanced installers failed while the package was being processed, and the change is rolled back.',
      'zh-CN': '处理程序包时高级安装程序失败，更改被回滚。',
    },
    source: SOURCES.windowsUpdateError0x800f0922,
  },
  {
    code: '0x800f0982',
    kind: 'cbs',
    symbol: 'PSFX_E_MATCHING_COMPONENT_NOT_FOUND',
    meaning: {
      en: "Can't identify a matching component for hydration.",
      'zh-CN': '无法识别用于还原（hydration）的匹配组件。',
    },
    source: FIX,
  },
  {
    code: '0x800f0984',
    kind: 'cbs',
    symbol: 'PSFX_E_MATCHING_BINARY_MISSING',
    meaning: {
      en: 'The matching component directory exists but the binary is missing.',
      'zh-CN': '匹配的组件目录存在，但缺少二进制文件。',
    },
    source: FIX,
  },
  {
    code: '0x800f0986',
    kind: 'cbs',
    symbol: 'PSFX_E_APPLY_FORWARD_DELTA_FAILED',
    meaning: { en: 'Applying the forward delta failed.', 'zh-CN': '应用正向差异 (forward delta) 失败。' },
    source: FIX,
  },
];
