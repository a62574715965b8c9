/**
 * The public pages the code table is taken from. Each entry names one of these as its `source`; a code
 * without a page that documents its symbol and meaning is left out of the table.
 */
const WIN32_DEBUG = 'https://learn.microsoft.com/en-us/windows/win32/debug';
const TROUBLESHOOT = 'https://learn.microsoft.com/en-us/troubleshoot';

export const SOURCES = {
  systemErrors0To499: `${WIN32_DEBUG}/system-error-codes--0-499-`,
  systemErrors1000To1299: `${WIN32_DEBUG}/system-error-codes--1000-1299-`,
  systemErrors1300To1699: `${WIN32_DEBUG}/system-error-codes--1300-1699-`,
  systemErrors1700To3999: `${WIN32_DEBUG}/system-error-codes--1700-3999-`,
  systemErrors12000To15999: `${WIN32_DEBUG}/system-error-codes--12000-15999-`,
  networkManagementErrors:
    'https://learn.microsoft.com/en-us/windows/win32/netmgmt/network-management-error-codes',
  winInetErrors: 'https://learn.microsoft.com/en-us/windows/win32/wininet/wininet-errors',
  commonHresultValues: 'https://learn.microsoft.com/en-us/windows/win32/seccrypto/common-hresult-values',
  comErrorsSecurityAndSetup: 'https://learn.microsoft.com/en-us/windows/win32/com/com-error-codes-4',
  msErrefNtstatusValues:
    'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55',
  eseErrorCodes:
    'https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/extensible-storage-engine-error-codes',
  eseErrorsAsHresults:
    'https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/extensible-storage-engine-errors',
  windowsUpdateErrorReference:
    'https://learn.microsoft.com/en-us/windows/deployment/update/windows-update-error-reference',
  windowsUpdateResources:
    'https://learn.microsoft.com/en-us/windows/deployment/update/windows-update-resources',
  windowsUpdateCommonErrors: `${TROUBLESHOOT}/windows-client/installing-updates-features-roles/common-windows-update-errors`,
  fixWindowsUpdateCorruption: `${TROUBLESHOOT}/windows-server/installing-updates-features-roles/fix-windows-update-errors`,
  windowsUpdateError0x800f0823: `${TROUBLESHOOT}/windows-server/installing-updates-features-roles/troubleshoot-windows-update-error-0x800f0823`,
  windowsUpdateError0x800f0922: `${TROUBLESHOOT}/windows-server/installing-updates-features-roles/error-0x800f0922-installing-windows-updates`,
  windowsUpdateError0x80070bc9: `${TROUBLESHOOT}/windows-server/installing-updates-features-roles/troubleshoot-windows-update-error-0x80070bc9`,
  windowsUpdateError0x80070490: `${TROUBLESHOOT}/windows-server/installing-updates-features-roles/troubleshoot-windows-update-error-0x80070490`,
  windowsUpdateError0x80071a91: `${TROUBLESHOOT}/windows-client/installing-updates-features-roles/troubleshoot-windows-update-error-0x80071a91`,
  dismError0x800f0906: `${TROUBLESHOOT}/windows-server/installing-updates-features-roles/dism-fails-with-error-0x800f0906`,
} as const;
