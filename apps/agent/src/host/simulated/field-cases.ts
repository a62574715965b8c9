/**
 * The two field cases (../shared/cases) as faults of a simulated PC, shaped exactly as the Windows host
 * reports them, so that a simulated incident and a real one have the same fingerprints:
 * - case A: `HKLM\Software\Microsoft\Rpc\Internet` present with a port restriction, and the Print Spooler
 *   failing to start with Win32 error 87 (0x80070057);
 * - case B: KB5005030 failing with 0x8e5e03fa (JET_errReadVerifyFailure), with the CBS.log lines of the case,
 *   because the catalog database is corrupt (a state the agent cannot see: see `catalogDatabaseCorrupt`).
 */
import { RPC_INTERNET_KEY } from '../../checks/watch-list';
import { parseCbsLog } from '../windows/parsers';
import type { SimulatedHost } from './simulated-host';

/**
 * The Rpc\Internet values as `reg query` prints them, from a real export of this key restricting RPC to
 * ports 5000-5100 (parsers/fixtures/reg-file/en-jiehong-rpc-internet-ports.reg).
 */
export const CASE_A_RPC_INTERNET_VALUES: Readonly<Record<string, string>> = {
  Ports: '5000-5100',
  PortsInternetAvailable: 'Y',
  UseInternetPorts: 'Y',
};

/** ERROR_INVALID_PARAMETER: the spooler's start error in case A. */
export const CASE_A_WIN32_ERROR = 87;

export const CASE_B_KB = 'KB5005030';

/** CBS.log of case B, verbatim from cases/case-b-catroot2-kb.md (also parsers/fixtures/cbs-log/). */
export const CASE_B_CBS_LOG = [
  '2021-11-22 08:50:03, Info                  CBS    Failed call to CryptCATAdminAddCatalog. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CBS    Failed to install catalog file \\\\?\\C:\\Windows\\CbsTemp\\30924600_3524334508\\Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3.cat for package [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CBS    Failed to install catalog for package: Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3 [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CBS    Failed to stage package manifest. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CBS    Failed to add package. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CBS    Failed to persist package: Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3 [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CBS    Failed to update states and store all resolved packages. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CSI    0000147b@2021/11/22:00:50:03.885 CSI Transaction @0x2423601c060 destroyed',
  '2021-11-22 08:50:03, Info                  CBS    Perf: Resolve chain complete.',
  '2021-11-22 08:50:03, Info                  CBS    Failed to resolve execution chain. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Error                 CBS    Failed to process single phase execution. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
].join('\r\n');

/** Case A on this PC: the key appears, then the spooler fails to start with error 87. */
export function applyCaseA(host: SimulatedHost): void {
  host.setRegistryKey(RPC_INTERNET_KEY, { ...CASE_A_RPC_INTERNET_VALUES });
  host.failServiceStart('Spooler', CASE_A_WIN32_ERROR);
}

/** Case A fixed: the key is gone and the spooler runs. */
export function clearCaseA(host: SimulatedHost): void {
  host.setRegistryKey(RPC_INTERNET_KEY, null);
  host.startService('Spooler');
}

/**
 * Case B on this PC: the catalog database is corrupt, so KB5005030 fails as CBS.log shows, read the way the
 * Windows host reads CBS.log.
 */
export function applyCaseB(host: SimulatedHost): void {
  const [failure] = parseCbsLog(CASE_B_CBS_LOG).records;
  if (!failure?.failure || failure.kb !== CASE_B_KB)
    throw new Error('the case B log no longer parses as case B');
  host.setCatalogDatabaseCorrupt(true);
  host.failPatch(
    CASE_B_KB,
    failure.failure.code,
    failure.evidence.map((line) => line.text.trim()),
    {
      ...(failure.package === null ? {} : { package: failure.package }),
      title: CASE_B_KB,
      ...(failure.at === null ? {} : { at: failure.at }),
    },
  );
}

/**
 * Case B fixed as the case was: the catalog database repaired, then KB5005030 installed, which leaves a
 * restart pending.
 */
export function clearCaseB(host: SimulatedHost): void {
  host.setCatalogDatabaseCorrupt(false);
  host.installKb(CASE_B_KB, { requiresRestart: true });
}
