/**
 * NTSTATUS values a service or installer process dies with (a service's exit code, an application crash
 * in the event log). Texts follow [MS-ERREF] 2.3.1 "NTSTATUS Values", shortened to one line where the
 * original carries %-placeholders.
 */
import type { KnownCode } from './known-code';
import { SOURCES } from './sources';

const ERREF = SOURCES.msErrefNtstatusValues;

export const NTSTATUS_CODES: readonly KnownCode[] = [
  {
    code: '0xc0000001',
    kind: 'ntstatus',
    symbol: 'STATUS_UNSUCCESSFUL',
    meaning: { en: 'The requested operation was unsuccessful.', 'zh-CN': '请求的操作未成功。' },
    source: ERREF,
  },
  {
    code: '0xc0000005',
    kind: 'ntstatus',
    symbol: 'STATUS_ACCESS_VIOLATION',
    meaning: {
      en: 'An instruction referenced memory that could not be read or written (access violation).',
      'zh-CN': '某条指令引用了无法读取或写入的内存（访问冲突）。',
    },
    source: ERREF,
  },
  {
    code: '0xc000000d',
    kind: 'ntstatus',
    symbol: 'STATUS_INVALID_PARAMETER',
    meaning: {
      en: 'An invalid parameter was passed to a service or function.',
      'zh-CN': '向服务或函数传递了无效参数。',
    },
    source: ERREF,
  },
  {
    code: '0xc0000017',
    kind: 'ntstatus',
    symbol: 'STATUS_NO_MEMORY',
    meaning: {
      en: 'Not enough virtual memory or paging file quota is available to complete the specified operation.',
      'zh-CN': '虚拟内存或分页文件配额不足，无法完成指定的操作。',
    },
    source: ERREF,
  },
  {
    code: '0xc0000022',
    kind: 'ntstatus',
    symbol: 'STATUS_ACCESS_DENIED',
    meaning: {
      en: 'A process has requested access to an object but has not been granted those access rights.',
      'zh-CN': '进程请求访问某个对象，但未被授予相应的访问权限。',
    },
    source: ERREF,
  },
  {
    code: '0xc0000034',
    kind: 'ntstatus',
    symbol: 'STATUS_OBJECT_NAME_NOT_FOUND',
    meaning: { en: 'The object name is not found.', 'zh-CN': '找不到对象名称。' },
    source: ERREF,
  },
  {
    code: '0xc000003a',
    kind: 'ntstatus',
    symbol: 'STATUS_OBJECT_PATH_NOT_FOUND',
    meaning: { en: 'The path does not exist.', 'zh-CN': '路径不存在。' },
    source: ERREF,
  },
  {
    code: '0xc0000043',
    kind: 'ntstatus',
    symbol: 'STATUS_SHARING_VIOLATION',
    meaning: {
      en: 'A file cannot be opened because the share access flags are incompatible.',
      'zh-CN': '共享访问标志不兼容，无法打开文件。',
    },
    source: ERREF,
  },
  {
    code: '0xc000007b',
    kind: 'ntstatus',
    symbol: 'STATUS_INVALID_IMAGE_FORMAT',
    meaning: {
      en: 'The image is either not designed to run on Windows or it contains an error.',
      'zh-CN': '该映像不是为在 Windows 上运行而设计的，或者其中包含错误。',
    },
    source: ERREF,
  },
  {
    code: '0xc0000135',
    kind: 'ntstatus',
    symbol: 'STATUS_DLL_NOT_FOUND',
    meaning: {
      en: 'The application has failed to start because a required DLL was not found.',
      'zh-CN': '找不到所需的 DLL，应用程序无法启动。',
    },
    source: ERREF,
  },
  {
    code: '0xc0000142',
    kind: 'ntstatus',
    symbol: 'STATUS_DLL_INIT_FAILED',
    meaning: {
      en: 'Initialization of a dynamic link library failed; the process is terminating abnormally.',
      'zh-CN': '动态链接库初始化失败，进程正在异常终止。',
    },
    source: ERREF,
  },
  {
    code: '0xc0000374',
    kind: 'ntstatus',
    symbol: 'STATUS_HEAP_CORRUPTION',
    meaning: { en: 'A heap has been corrupted.', 'zh-CN': '堆已损坏。' },
    source: ERREF,
  },
  {
    code: '0xc0000409',
    kind: 'ntstatus',
    symbol: 'STATUS_STACK_BUFFER_OVERRUN',
    meaning: {
      en: 'The system detected an overrun of a stack-based buffer in this application.',
      'zh-CN': '系统检测到此应用程序中基于栈的缓冲区溢出。',
    },
    source: ERREF,
  },
];
