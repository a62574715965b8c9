/**
 * Windows Update Agent codes (FACILITY_WINDOWSUPDATE, 0x8024xxxx): scan, download and install failures as
 * the WindowsUpdateClient events (19/20/43) and WindowsUpdate.log report them. Texts follow Microsoft's
 * "Windows Update error codes by component" and "Windows Update common errors and mitigation".
 */
import type { KnownCode } from './known-code';
import { SOURCES } from './sources';

const REF = SOURCES.windowsUpdateErrorReference;
const COMMON = SOURCES.windowsUpdateCommonErrors;

export const WINDOWS_UPDATE_CODES: readonly KnownCode[] = [
  {
    code: '0x8024000b',
    kind: 'windows-update',
    symbol: 'WU_E_CALL_CANCELLED',
    meaning: { en: 'Operation was canceled.', 'zh-CN': '操作已取消。' },
    source: REF,
  },
  {
    code: '0x8024000e',
    kind: 'windows-update',
    symbol: 'WU_E_XML_INVALID',
    meaning: {
      en: "Windows Update Agent found invalid information in the update's XML data.",
      'zh-CN': 'Windows 更新代理在更新的 XML 数据中发现了无效信息。',
    },
    source: REF,
  },
  {
    code: '0x80240016',
    kind: 'windows-update',
    symbol: 'WU_E_INSTALL_NOT_ALLOWED',
    meaning: {
      en: 'Operation tried to install while another installation was in progress or the system was pending a mandatory restart.',
      'zh-CN': '尝试安装时另一个安装正在进行，或系统正在等待必需的重新启动。',
    },
    source: REF,
  },
  {
    code: '0x80240017',
    kind: 'windows-update',
    symbol: 'WU_E_NOT_APPLICABLE',
    meaning: {
      en: 'Operation was not performed because there are no applicable updates.',
      'zh-CN': '没有适用的更新，因此未执行操作。',
    },
    source: REF,
  },
  {
    code: '0x8024001e',
    kind: 'windows-update',
    symbol: 'WU_E_SERVICE_STOP',
    meaning: {
      en: 'Operation did not complete because the service or system was being shut down.',
      'zh-CN': '服务或系统正在关闭，操作未完成。',
    },
    source: REF,
  },
  {
    code: '0x8024001f',
    kind: 'windows-update',
    symbol: 'WU_E_NO_CONNECTION',
    meaning: {
      en: 'Operation did not complete because the network connection was unavailable.',
      'zh-CN': '网络连接不可用，操作未完成。',
    },
    source: REF,
  },
  {
    code: '0x80240020',
    kind: 'windows-update',
    symbol: 'WU_E_NO_INTERACTIVE_USER',
    meaning: {
      en: 'Operation did not complete because there is no logged-on interactive user.',
      'zh-CN': '没有已登录的交互式用户，操作未完成。',
    },
    source: REF,
  },
  {
    code: '0x80240021',
    kind: 'windows-update',
    symbol: 'WU_E_TIME_OUT',
    meaning: { en: 'Operation did not complete because it timed out.', 'zh-CN': '操作超时，未能完成。' },
    source: REF,
  },
  {
    code: '0x80240022',
    kind: 'windows-update',
    symbol: 'WU_E_ALL_UPDATES_FAILED',
    meaning: { en: 'Operation failed for all the updates.', 'zh-CN': '对所有更新的操作均失败。' },
    source: REF,
  },
  {
    code: '0x80240025',
    kind: 'windows-update',
    symbol: 'WU_E_USER_ACCESS_DISABLED',
    meaning: {
      en: 'Group Policy settings prevented access to Windows Update.',
      'zh-CN': '组策略设置阻止了对 Windows 更新的访问。',
    },
    source: REF,
  },
  {
    code: '0x8024002c',
    kind: 'windows-update',
    symbol: 'WU_E_BIN_SOURCE_ABSENT',
    meaning: {
      en: 'A delta-compressed update could not be installed because it required the source.',
      'zh-CN': '增量压缩更新需要源文件，因此无法安装。',
    },
    source: REF,
  },
  {
    code: '0x8024002d',
    kind: 'windows-update',
    symbol: 'WU_E_SOURCE_ABSENT',
    meaning: {
      en: 'A full-file update could not be installed because it required the source.',
      'zh-CN': '完整文件更新需要源文件，因此无法安装。',
    },
    source: REF,
  },
  {
    code: '0x8024002e',
    kind: 'windows-update',
    symbol: 'WU_E_WU_DISABLED',
    meaning: {
      en: 'Access to an unmanaged server is not allowed.',
      'zh-CN': '不允许访问非托管的更新服务器。',
    },
    source: REF,
  },
  {
    code: '0x80240034',
    kind: 'windows-update',
    symbol: 'WU_E_DOWNLOAD_FAILED',
    meaning: { en: 'Update failed to download.', 'zh-CN': '更新下载失败。' },
    source: REF,
  },
  {
    code: '0x80240fff',
    kind: 'windows-update',
    symbol: 'WU_E_UNEXPECTED',
    meaning: {
      en: 'An operation failed due to reasons not covered by another error code.',
      'zh-CN': '操作失败，原因不在其他错误代码的范围内。',
    },
    source: REF,
  },
  {
    code: '0x80242006',
    kind: 'windows-update',
    symbol: 'WU_E_UH_INVALIDMETADATA',
    meaning: {
      en: 'A handler operation could not be completed because the update contains invalid metadata.',
      'zh-CN': '更新包含无效的元数据，更新处理程序的操作无法完成。',
    },
    source: REF,
  },
  {
    code: '0x8024200b',
    kind: 'windows-update',
    symbol: 'WU_E_UH_INSTALLERFAILURE',
    meaning: {
      en: 'The installer failed to install (uninstall) one or more updates.',
      'zh-CN': '安装程序未能安装（卸载）一个或多个更新。',
    },
    source: REF,
  },
  {
    code: '0x8024200d',
    kind: 'windows-update',
    symbol: 'WU_E_UH_NEEDANOTHERDOWNLOAD',
    meaning: {
      en: 'The update handler did not install the update because it needs to be downloaded again.',
      'zh-CN': '更新需要重新下载，更新处理程序未安装它。',
    },
    source: REF,
  },
  {
    code: '0x80242014',
    kind: 'windows-update',
    symbol: 'WU_E_UH_POSTREBOOTSTILLPENDING',
    meaning: {
      en: 'The post-reboot operation for the update is still in progress.',
      'zh-CN': '该更新在重新启动后的操作仍在进行中。',
    },
    source: REF,
  },
  {
    code: '0x80242016',
    kind: 'windows-update',
    symbol: 'WU_E_UH_POSTREBOOTUNEXPECTEDSTATE',
    meaning: {
      en: 'The state of the update after its post-reboot operation has completed is unexpected.',
      'zh-CN': '更新在重新启动后的操作完成后，其状态不符合预期。',
    },
    source: REF,
  },
  {
    code: '0x80242017',
    kind: 'windows-update',
    symbol: 'WU_E_UH_NEW_SERVICING_STACK_REQUIRED',
    meaning: {
      en: 'The OS servicing stack must be updated before this update is downloaded or installed.',
      'zh-CN': '必须先更新操作系统的服务堆栈，才能下载或安装此更新。',
    },
    source: REF,
  },
  {
    code: '0x80244007',
    kind: 'windows-update',
    symbol: 'WU_E_PT_SOAPCLIENT_SOAPFAULT',
    meaning: {
      en: 'SOAP client failed because there was a SOAP fault for reasons of WU_E_PT_SOAP_* error codes.',
      'zh-CN': 'SOAP 客户端因 SOAP 错误（见 WU_E_PT_SOAP_* 错误代码）而失败。',
    },
    source: REF,
  },
  {
    code: '0x80244017',
    kind: 'windows-update',
    symbol: 'WU_E_PT_HTTP_STATUS_DENIED',
    meaning: {
      en: 'Same as HTTP status 401 - the requested resource requires user authentication.',
      'zh-CN': '等同于 HTTP 401：请求的资源需要用户身份验证。',
    },
    source: REF,
  },
  {
    code: '0x80244018',
    kind: 'windows-update',
    symbol: 'WU_E_PT_HTTP_STATUS_FORBIDDEN',
    meaning: {
      en: 'Same as HTTP status 403 - server understood the request but declined to fulfill it.',
      'zh-CN': '等同于 HTTP 403：服务器理解请求，但拒绝执行。',
    },
    source: REF,
  },
  {
    code: '0x80244019',
    kind: 'windows-update',
    symbol: 'WU_E_PT_HTTP_STATUS_NOT_FOUND',
    meaning: {
      en: 'Same as HTTP status 404 - the server cannot find the requested URI.',
      'zh-CN': '等同于 HTTP 404：服务器找不到请求的 URI。',
    },
    source: REF,
  },
  {
    code: '0x8024401b',
    kind: 'windows-update',
    symbol: 'WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ',
    meaning: {
      en: 'Same as HTTP status 407 - proxy authentication is required.',
      'zh-CN': '等同于 HTTP 407：需要代理服务器身份验证。',
    },
    source: REF,
  },
  {
    code: '0x8024401c',
    kind: 'windows-update',
    symbol: 'WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT',
    meaning: {
      en: 'Same as HTTP status 408 - the server timed out waiting for the request.',
      'zh-CN': '等同于 HTTP 408：服务器等待请求超时。',
    },
    source: REF,
  },
  {
    code: '0x80244022',
    kind: 'windows-update',
    symbol: 'WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL',
    meaning: {
      en: 'Same as HTTP status 503 - the service is temporarily overloaded.',
      'zh-CN': '等同于 HTTP 503：服务暂时过载。',
    },
    source: REF,
  },
  {
    code: '0x8024402c',
    kind: 'windows-update',
    symbol: 'WU_E_PT_WINHTTP_NAME_NOT_RESOLVED',
    meaning: {
      en: 'Same as ERROR_WINHTTP_NAME_NOT_RESOLVED - the proxy server or target server name cannot be resolved.',
      'zh-CN': '等同于 ERROR_WINHTTP_NAME_NOT_RESOLVED：无法解析代理服务器或目标服务器的名称。',
    },
    source: REF,
  },
  {
    code: '0x8024402f',
    kind: 'windows-update',
    symbol: 'WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS',
    meaning: {
      en: 'External cab file processing completed with some errors.',
      'zh-CN': '外部 cab 文件处理已完成，但出现了一些错误。',
    },
    source: REF,
  },
  {
    code: '0x80246007',
    kind: 'windows-update',
    symbol: 'WU_E_DM_NOTDOWNLOADED',
    meaning: { en: 'The update has not been downloaded.', 'zh-CN': '更新尚未下载。' },
    source: REF,
  },
  {
    code: '0x80246008',
    kind: 'windows-update',
    symbol: 'WU_E_DM_FAILTOCONNECTTOBITS',
    meaning: {
      en: 'A download manager operation failed because the download manager was unable to connect the Background Intelligent Transfer Service (BITS).',
      'zh-CN': '下载管理器无法连接后台智能传送服务 (BITS)，操作失败。',
    },
    source: REF,
  },
  {
    code: '0x80246017',
    kind: 'windows-update',
    symbol: 'WU_E_DM_UNAUTHORIZED_LOCAL_USER',
    meaning: {
      en: 'The download failed because the local user was denied authorization to download the content.',
      'zh-CN': '本地用户无权下载该内容，下载失败。',
    },
    source: COMMON,
  },
  {
    code: '0x80248007',
    kind: 'windows-update',
    symbol: 'WU_E_DS_NODATA',
    meaning: {
      en: 'The information requested is not in the data store.',
      'zh-CN': '请求的信息不在数据存储中。',
    },
    source: REF,
  },
  {
    code: '0x8024a000',
    kind: 'windows-update',
    symbol: 'WU_E_AU_NOSERVICE',
    meaning: {
      en: 'Automatic Updates was unable to service incoming requests.',
      'zh-CN': '自动更新无法处理传入的请求。',
    },
    source: REF,
  },
  {
    code: '0x8024a10a',
    kind: 'windows-update',
    symbol: 'USO_E_SERVICE_SHUTTING_DOWN',
    meaning: { en: 'The Windows Update service is shutting down.', 'zh-CN': 'Windows 更新服务正在关闭。' },
    source: COMMON,
  },
  {
    code: '0x8024d009',
    kind: 'windows-update',
    symbol: 'WU_E_SETUP_SKIP_UPDATE',
    meaning: {
      en: 'An update to the Windows Update Agent was skipped due to a directive in the wuident.cab file.',
      'zh-CN': '根据 wuident.cab 文件中的指令，跳过了 Windows 更新代理的自我更新。',
    },
    source: REF,
  },
];
