import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownIssue } from './known-issue';
import { matchKnownIssues } from './match';

/** Field case B's CBS.log excerpt, verbatim (see fixtures/README.md). */
const CASE_B_CBS_LINES = readFileSync(join(__dirname, 'fixtures', 'case-b-cbs-excerpt.log'), 'utf8')
  .split(/\r?\n/)
  .filter((line) => line !== '');

const RPC_INTERNET_PRESENT = {
  watchedRegistryKeys: {
    'HKLM\\Software\\Microsoft\\Rpc\\Internet': {
      present: true,
      values: { Ports: '5000-5100', PortsInternetAvailable: 'Y', UseInternetPorts: 'Y' },
    },
  },
};

describe('matchKnownIssues: field case A', () => {
  it('matches the spooler failure and confirms it by the Rpc\\Internet key', () => {
    const [match, ...others] = matchKnownIssues({
      check: 'service',
      target: 'Spooler',
      code: '0x80070057',
      hostFacts: RPC_INTERNET_PRESENT,
    });
    expect(others).toEqual([]);
    expect(match).toMatchObject({
      issue: { id: 'spooler-rpc-internet', playbook: 'spooler-rpc-internet' },
      fingerprint: 'service:spooler:0x80070057',
      matchedFingerprint: 'service:spooler:0x80070057',
      exactTarget: true,
      confirmed: true,
      confirmations: [
        {
          kind: 'registry-key-present',
          key: 'HKLM\\Software\\Microsoft\\Rpc\\Internet',
          reportedKey: 'HKLM\\Software\\Microsoft\\Rpc\\Internet',
          values: { Ports: '5000-5100', PortsInternetAvailable: 'Y', UseInternetPorts: 'Y' },
        },
      ],
    });
  });

  it('recognizes the key however the host spells it, and the code however sc.exe prints it', () => {
    const [match] = matchKnownIssues({
      check: 'service',
      target: 'spooler',
      code: 87,
      hostFacts: {
        watchedRegistryKeys: {
          'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet\\': { present: true },
        },
      },
    });
    expect(match?.confirmed).toBe(true);
  });

  it('still matches, unconfirmed, on a PC without the key', () => {
    const [match] = matchKnownIssues({
      check: 'service',
      target: 'Spooler',
      code: '0x80070057',
      hostFacts: { watchedRegistryKeys: { 'HKLM\\Software\\Microsoft\\Rpc\\Internet': { present: false } } },
    });
    expect(match).toMatchObject({
      issue: { id: 'spooler-rpc-internet' },
      confirmed: false,
      confirmations: [],
    });
  });
});

describe('matchKnownIssues: field case B', () => {
  it('matches the failed KB and confirms it by the CryptCATAdminAddCatalog line of CBS.log', () => {
    const [match, ...others] = matchKnownIssues({
      check: 'patch',
      target: 'KB5005030',
      code: '0x8e5e03fa',
      evidence: CASE_B_CBS_LINES,
    });
    expect(others).toEqual([]);
    expect(match).toMatchObject({
      issue: { id: 'catroot2-catalog-database-corrupt', playbook: 'catroot2-repair' },
      fingerprint: 'patch:kb5005030:0x8e5e03fa',
      matchedFingerprint: 'patch:*:0x8e5e03fa',
      exactTarget: false,
      confirmed: true,
    });
    expect(match?.confirmations).toEqual([
      expect.objectContaining({
        kind: 'evidence-line',
        line: '2021-11-22 08:50:03, Info                  CBS    Failed call to CryptCATAdminAddCatalog. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
      }),
    ]);
  });

  it('matches any KB failing with the same code', () => {
    const [match] = matchKnownIssues({ check: 'patch', target: 'KB5006670', code: '-1018' });
    expect(match).toMatchObject({ issue: { id: 'catroot2-catalog-database-corrupt' }, confirmed: false });
  });
});

describe('matchKnownIssues: failures the catalog does not know', () => {
  it.each([
    ['service', 'Spooler', '0x80070005'],
    ['service', 'wuauserv', '0x80070057'],
    ['patch', 'KB5005030', '0x80070057'],
    ['patch', 'KB5005030', '0x8e5e03f9'],
    ['reboot', 'pending', '0x80070bc2'],
  ])('%s %s %s matches nothing', (check, target, code) => {
    expect(
      matchKnownIssues({ check, target, code, hostFacts: RPC_INTERNET_PRESENT, evidence: CASE_B_CBS_LINES }),
    ).toEqual([]);
  });

  it('matches nothing without a code', () => {
    expect(matchKnownIssues({ check: 'service', target: 'Spooler', code: null })).toEqual([]);
  });
});

describe('matchKnownIssues: servicing failures documented by Microsoft', () => {
  it('confirms component store corruption from the DISM summary in CBS.log', () => {
    const [match] = matchKnownIssues({
      check: 'patch',
      target: 'KB5034441',
      code: '0x800f081f',
      // From Microsoft Learn, "Fix Windows Update corruptions and installation failures", Step 1 example.
      evidence: [
        '       (p)    CBS MUM Missing                         (n)                 Microsoft-Windows-Client-Features-Package~31bf3856ad364e35~amd64~~10.0.19045.4291',
      ],
    });
    expect(match).toMatchObject({
      issue: { id: 'component-store-corruption', playbook: null },
      confirmed: true,
    });
  });

  it('reaches the generic reset of the Windows Update components where Microsoft documents it', () => {
    const [match] = matchKnownIssues({ check: 'patch', target: 'KB5005030', code: '0x80242006' });
    expect(match?.issue.playbook).toBe('reset-windows-update-components');
  });
});

describe('matchKnownIssues ranking', () => {
  const issue = (id: string, fingerprints: string[], contains: string[] = []): KnownIssue => ({
    id,
    title: { en: id, 'zh-CN': id },
    fingerprints,
    confirmingEvidence: contains.map((needle) => ({
      kind: 'evidence-line',
      contains: [needle],
      description: { en: needle, 'zh-CN': needle },
    })),
    watchRegistryKeys: [],
    diagnosis: { en: id, 'zh-CN': id },
    fix: { en: id, 'zh-CN': id },
    playbook: null,
    risk: 'low',
    source: 'https://learn.microsoft.com/',
    seeAlso: [],
  });
  const catalog = [
    issue('any-kb', ['patch:*:0x800f0922']),
    issue('this-kb', ['patch:kb1:0x800f0922']),
    issue('confirmed-any-kb', ['patch:*:0x800f0922'], ['SecureBootEncodeUEFI']),
  ];

  it('puts confirmed matches first, then exact targets, then catalog order', () => {
    const ids = matchKnownIssues(
      { check: 'patch', target: 'KB1', code: '0x800f0922', evidence: ['Task SecureBootEncodeUEFI failed'] },
      catalog,
    ).map((match) => match.issue.id);
    expect(ids).toEqual(['confirmed-any-kb', 'this-kb', 'any-kb']);
  });
});
