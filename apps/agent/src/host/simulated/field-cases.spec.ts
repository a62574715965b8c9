/**
 * The simulated field cases report what the Windows host reports for the same failure: the same check
 * results, hence the same fingerprints, as the server and the known-issue catalog see them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fingerprintOf, matchKnownIssues } from '@fleetmedic/knowledge';
import { patchCheckResults } from '../../checks/patch-check';
import { serviceCheckResults } from '../../checks/service-check';
import { RPC_INTERNET_KEY } from '../../checks/watch-list';
import { mergeUpdateResults } from '../windows/patch-reader';
import { parseCbsLog, parseRegFile } from '../windows/parsers';
import { serviceStatusFrom } from '../windows/service-reader';
import { win32CodeRef } from '../windows/parsers/codes';
import { CASE_A_RPC_INTERNET_VALUES, CASE_B_CBS_LOG, applyCaseA, applyCaseB } from './field-cases';
import { SimulatedHost } from './simulated-host';

const FIXTURES = path.join(__dirname, '../windows/parsers/fixtures');

describe('case A on a simulated PC', () => {
  it('reports the spooler as the Windows host reports a start failure with error 87', async () => {
    const host = new SimulatedHost({ seed: 7, index: 0 });
    applyCaseA(host);
    const [simulated] = await host.queryServices(['Spooler']);
    const windows = serviceStatusFrom(
      {
        service: 'Spooler',
        displayName: simulated!.displayName,
        state: 'STOPPED',
        startType: 'AUTO_START',
        win32ExitCode: 87,
        serviceSpecificExitCode: 0,
        pid: null,
        failure: win32CodeRef(87),
        evidence: [],
      },
      [],
    );
    expect(serviceCheckResults(['Spooler'], [simulated!])).toEqual(
      serviceCheckResults(['Spooler'], [windows!]),
    );
    const [result] = serviceCheckResults(['Spooler'], [simulated!]);
    expect(fingerprintOf(result!.check, result!.target, result!.code!)).toBe('service:spooler:0x80070057');
  });

  it('reports the Rpc\\Internet key with the values a real export of it holds, which confirms case A', async () => {
    const host = new SimulatedHost({ seed: 7, index: 0, watchedRegistryKeys: [RPC_INTERNET_KEY] });
    applyCaseA(host);
    const exported = parseRegFile(
      fs.readFileSync(path.join(FIXTURES, 'reg-file/en-jiehong-rpc-internet-ports.reg'), 'utf8'),
    );
    const multiSz = exported.records[0]?.values.find((value) => value.name === 'Ports')?.value;
    expect(multiSz).toEqual([CASE_A_RPC_INTERNET_VALUES.Ports]);
    const keys = await host.queryRegistryKeys([RPC_INTERNET_KEY]);
    expect(keys[RPC_INTERNET_KEY]).toEqual({ present: true, values: CASE_A_RPC_INTERNET_VALUES });
    const [match] = matchKnownIssues({
      check: 'service',
      target: 'Spooler',
      code: '0x80070057',
      hostFacts: { watchedRegistryKeys: keys },
    });
    expect(match).toMatchObject({ issue: { id: 'spooler-rpc-internet' }, confirmed: true });
  });
});

describe('case B on a simulated PC', () => {
  it('reports KB5005030 exactly as the Windows host reads it from CBS.log', async () => {
    const host = new SimulatedHost({ seed: 7, index: 1 });
    applyCaseB(host);
    const simulated = (await host.queryPatchResults()).filter((result) => result.kb === 'KB5005030');
    const windows = mergeUpdateResults([], parseCbsLog(CASE_B_CBS_LOG).records, new Set());
    expect(patchCheckResults(simulated)).toEqual(patchCheckResults(windows));
    expect(simulated[0]).toMatchObject({
      code: '0x8e5e03fa',
      package: 'Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3',
    });
  });

  it('uses the case file’s log verbatim', () => {
    const fixture = fs.readFileSync(path.join(FIXTURES, 'cbs-log/case-b-catroot2-kb5005030.log'), 'utf8');
    expect(fixture.replace(/\r?\n/g, '\n').trim()).toBe(CASE_B_CBS_LOG.replace(/\r\n/g, '\n'));
  });
});
