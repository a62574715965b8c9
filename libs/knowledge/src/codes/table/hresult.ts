/**
 * HRESULTs that are not a wrapped Win32 error: the generic COM failures (E_FAIL, E_UNEXPECTED…) and the
 * CryptoAPI / WinTrust codes that catalog and signature checks return while an update installs.
 * Texts follow Microsoft's "Common HRESULT Values", "COM Error Codes (Security and Setup)" and the
 * "Fix Windows Update corruptions and installation failures" article.
 */
import type { KnownCode } from './known-code';
import { SOURCES } from './sources';

const COMMON_HRESULTS = SOURCES.commonHresultValues;
const SECURITY = SOURCES.comErrorsSecurityAndSetup;
const FIX = SOURCES.fixWindowsUpdateCorruption;

export const HRESULT_CODES: readonly KnownCode[] = [
  {
    code: '0x8000ffff',
    kind: 'hresult',
    symbol: 'E_UNEXPECTED',
    meaning: { en: 'Unexpected failure.', 'zh-CN': '意外的失败。' },
    source: COMMON_HRESULTS,
  },
  {
    code: '0x80004001',
    kind: 'hresult',
    symbol: 'E_NOTIMPL',
    meaning: { en: 'Not implemented.', 'zh-CN': '未实现。' },
    source: COMMON_HRESULTS,
  },
  {
    code: '0x80004002',
    kind: 'hresult',
    symbol: 'E_NOINTERFACE',
    meaning: { en: 'No such interface supported.', 'zh-CN': '不支持此接口。' },
    source: COMMON_HRESULTS,
  },
  {
    code: '0x80004003',
    kind: 'hresult',
    symbol: 'E_POINTER',
    meaning: { en: 'A pointer that is not valid was used.', 'zh-CN': '使用了无效的指针。' },
    source: COMMON_HRESULTS,
  },
  {
    code: '0x80004004',
    kind: 'hresult',
    symbol: 'E_ABORT',
    meaning: { en: 'Operation aborted.', 'zh-CN': '操作已中止。' },
    source: COMMON_HRESULTS,
  },
  {
    code: '0x80004005',
    kind: 'hresult',
    symbol: 'E_FAIL',
    meaning: { en: 'Unspecified failure.', 'zh-CN': '未指明的错误。' },
    source: COMMON_HRESULTS,
  },
  {
    code: '0x80092003',
    kind: 'hresult',
    symbol: 'CRYPT_E_FILE_ERROR',
    meaning: {
      en: 'An error occurred while Windows Update reads or writes to a file.',
      'zh-CN': 'Windows 更新读取或写入文件时出错。',
    },
    source: FIX,
  },
  {
    code: '0x80092004',
    kind: 'hresult',
    symbol: 'CRYPT_E_NOT_FOUND',
    meaning: { en: 'Cannot find object or property.', 'zh-CN': '找不到对象或属性。' },
    source: SECURITY,
  },
  {
    code: '0x800b0100',
    kind: 'hresult',
    symbol: 'TRUST_E_NOSIGNATURE',
    meaning: { en: 'No signature was present in the subject.', 'zh-CN': '对象中不存在签名。' },
    source: FIX,
  },
  {
    code: '0x800b0101',
    kind: 'hresult',
    symbol: 'CERT_E_EXPIRED',
    meaning: {
      en: 'A required certificate is not within its validity period when verifying against the current system clock or the time stamp in the signed file.',
      'zh-CN': '按当前系统时钟或签名文件中的时间戳验证时，所需的证书不在有效期内。',
    },
    source: FIX,
  },
  {
    code: '0x800b0109',
    kind: 'hresult',
    symbol: 'CERT_E_UNTRUSTEDROOT',
    meaning: {
      en: 'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.',
      'zh-CN': '证书链已处理，但终止于一个不受信任提供程序信任的根证书。',
    },
    source: SECURITY,
  },
];
