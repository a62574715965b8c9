/**
 * Host facts from CIM and the registry in one PowerShell call. Only language-independent values are used:
 * the processor architecture from the environment, not `OSArchitecture` (which Chinese Windows prints as
 * `64 位`); the caption is kept as Windows shows it, for people.
 */
import type { CommandLine } from '../exec/command-line';
import { powerShell } from './powershell';

export const HOST_FACTS_SCRIPT = [
  '$os = Get-CimInstance -ClassName Win32_OperatingSystem',
  '$cs = Get-CimInstance -ClassName Win32_ComputerSystem',
  "$cv = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'",
  "$guid = (Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Cryptography' -Name MachineGuid).MachineGuid",
  '[pscustomobject]@{ ' +
    'hostname = $env:COMPUTERNAME; caption = $os.Caption; version = $os.Version; buildNumber = $os.BuildNumber; ' +
    'ubr = $cv.UBR; editionId = $cv.EditionID; displayVersion = $cv.DisplayVersion; ' +
    'architecture = $env:PROCESSOR_ARCHITECTURE; domain = $cs.Domain; partOfDomain = $cs.PartOfDomain; ' +
    "lastBootAt = $os.LastBootUpTime.ToUniversalTime().ToString('o'); machineGuid = $guid " +
    '} | ConvertTo-Json -Compress',
].join('; ');

export function hostFactsQuery(): CommandLine {
  return powerShell(HOST_FACTS_SCRIPT);
}

/** Installed updates (`Win32_QuickFixEngineering`) as a JSON array: HotFixID, Description, InstalledOn. */
export function quickFixEngineeringQuery(): CommandLine {
  return powerShell(
    '$fixes = @(Get-CimInstance -ClassName Win32_QuickFixEngineering | ' +
      'Select-Object -Property HotFixID,Description,InstalledOn); ' +
      'ConvertTo-Json -InputObject $fixes -Compress -Depth 2',
    60_000,
  );
}
