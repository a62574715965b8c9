/** `explain` on real captured outputs (the parsers' fixtures, each with its source beside it). */
import fs from 'node:fs';
import path from 'node:path';
import { explainOutput } from './explain';
import { renderExplainText } from './render-text';

const FIXTURES = path.join(__dirname, '../host/windows/parsers/fixtures');

function explainFixture(relative: string, options = {}) {
  const file = path.join(FIXTURES, relative);
  return explainOutput(relative, fs.readFileSync(file), options);
}

describe('explain', () => {
  it('reads case B: KB5005030, its package, 0x8e5e03fa as JET_errReadVerifyFailure, and the known issue', () => {
    const report = explainFixture('cbs-log/case-b-catroot2-kb5005030.log');
    expect(report.kind).toBe('cbs-log');
    expect(report.updates).toContainEqual(
      expect.objectContaining({
        kb: 'KB5005030',
        package: 'Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3',
        result: 'failed',
        code: '0x8e5e03fa',
      }),
    );
    const [error] = report.errors;
    expect(error).toMatchObject({
      code: '0x8e5e03fa',
      symbol: 'JET_errReadVerifyFailure',
      family: 'jet',
      jet: -1018,
      contexts: [{ check: 'patch', target: 'KB5005030' }],
    });
    expect(error?.evidence.map((line) => line.text)).toContainEqual(
      expect.stringContaining(
        'Failed call to CryptCATAdminAddCatalog. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
      ),
    );
    expect(report.knownIssues[0]).toMatchObject({ confirmed: true, playbook: 'catroot2-repair' });
  });

  it('decodes %%87 in a Service Control Manager 7000 event as 0x80070057 (E_INVALIDARG, Win32 87)', () => {
    const report = explainFixture('event-xml/en-npcap-7000-param-87.txt');
    expect(report.kind).toBe('event-xml');
    expect(report.errors[0]).toMatchObject({
      code: '0x80070057',
      symbol: 'E_INVALIDARG',
      win32: 87,
      shownAs: ['%%87'],
      meaning: { en: expect.any(String), 'zh-CN': expect.any(String) },
    });
    expect(report.errors[0]?.symbols).toContain('ERROR_INVALID_PARAMETER');
  });

  it('reads a WindowsUpdateClient 20 text copy as a failed update and 0x80070643 in the patch context', () => {
    const report = explainFixture('event-text/en-techtoolbox-wu-20-0643.txt');
    expect(report.kind).toBe('event-text');
    expect(report.updates).toEqual([
      expect.objectContaining({ kb: 'KB982671', result: 'failed', code: '0x80070643' }),
    ]);
    expect(report.errors).toEqual([
      expect.objectContaining({ code: '0x80070643', contexts: [{ check: 'patch', target: 'KB982671' }] }),
    ]);
  });

  it('decodes the unresolved %%14 of an SCM 7023 text copy as Win32 14', () => {
    const report = explainFixture('event-text/en-azure-netlogon-7022-7001-7023.txt');
    expect(report.errors).toEqual([
      expect.objectContaining({ code: '0x8007000e', win32: 14, shownAs: ['%%14'] }),
    ]);
  });

  it('reads a German Event Viewer CSV as event-csv and invents no failure for a crash without a code', () => {
    const report = explainFixture('event-csv/de-winsw-180-7034.csv');
    expect(report.kind).toBe('event-csv');
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('reads localized sc output by structure, not by words', () => {
    const report = explainFixture('sc-query/ru-belfproctor-query.txt');
    expect(report.kind).toMatch(/^sc-/);
    expect(report.services.length).toBeGreaterThan(0);
    expect(report.services.every((service) => service.state !== null)).toBe(true);
  });

  it('says what it reads when the file is none of its kinds', () => {
    const report = explainOutput('notes.txt', Buffer.from('just some notes\nnothing windows here\n'));
    expect(report.kind).toBe('unknown');
    expect(report.supportedKinds?.map((kind) => kind.kind)).toContain('cbs-log');
    expect(renderExplainText(report)).toMatch(/not an output FleetMedic reads/);
  });

  it('prints the meaning and the diagnosis in Chinese when asked', () => {
    const report = explainFixture('cbs-log/case-b-catroot2-kb5005030.log');
    const text = renderExplainText(report, 'zh-CN');
    expect(text).toContain('JET_errReadVerifyFailure');
    expect(text).toContain('已知问题');
    expect(text).toContain(report.errors[0]?.meaning?.['zh-CN'] ?? 'missing');
  });
});
