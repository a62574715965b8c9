import { findCode } from '../../codes/lookup';
import { LOCALES } from '../../localized-text';
import { fingerprintOf, parseFingerprint } from '../fingerprint';
import { PLAYBOOK_IDS, RISK_LEVELS } from '../known-issue';
import { registryKeyId } from '../registry-path';
import { CATALOG_VERSION, KNOWN_ISSUES, findKnownIssue, watchedRegistryKeys } from '.';

describe('the known-issue catalog', () => {
  it('is versioned', () => {
    expect(Number.isInteger(CATALOG_VERSION) && CATALOG_VERSION >= 1).toBe(true);
  });

  it('has unique kebab-case ids', () => {
    const ids = KNOWN_ISSUES.map((issue) => issue.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id))).toEqual([]);
  });

  it('writes fingerprints normalized, for codes the code table explains', () => {
    for (const issue of KNOWN_ISSUES) {
      expect(issue.fingerprints.length).toBeGreaterThan(0);
      for (const fingerprint of issue.fingerprints) {
        const { check, target, code } = parseFingerprint(fingerprint);
        const normalized = fingerprintOf(check, target, code);
        expect({ id: issue.id, fingerprint: normalized }).toEqual({ id: issue.id, fingerprint });
        expect({ id: issue.id, code, known: findCode(code) !== null }).toEqual({
          id: issue.id,
          code,
          known: true,
        });
      }
    }
  });

  it('says everything in English and Chinese', () => {
    for (const issue of KNOWN_ISSUES) {
      const texts = [
        issue.title,
        issue.diagnosis,
        issue.fix,
        ...issue.confirmingEvidence.map((rule) => rule.description),
      ];
      for (const text of texts) {
        for (const locale of LOCALES)
          expect({ id: issue.id, locale, empty: text[locale].trim() === '' }).toEqual({
            id: issue.id,
            locale,
            empty: false,
          });
      }
    }
  });

  it('names a playbook only from the implemented set, and a risk level', () => {
    for (const issue of KNOWN_ISSUES) {
      expect(issue.playbook === null || PLAYBOOK_IDS.includes(issue.playbook)).toBe(true);
      expect(RISK_LEVELS).toContain(issue.risk);
    }
    expect(findKnownIssue('spooler-rpc-internet')?.playbook).toBe('spooler-rpc-internet');
    expect(findKnownIssue('catroot2-catalog-database-corrupt')?.playbook).toBe('catroot2-repair');
    expect(KNOWN_ISSUES.some((issue) => issue.playbook === 'reset-windows-update-components')).toBe(true);
  });

  it('cites the field case or a public Microsoft page for every entry', () => {
    for (const issue of KNOWN_ISSUES) {
      const sources = [issue.source, ...issue.seeAlso];
      expect(
        sources.filter(
          (source) => !/^(https:\/\/learn\.microsoft\.com\/\S+|cases\/case-[ab]-[\w-]+\.md)$/.test(source),
        ),
      ).toEqual([]);
    }
    expect(findKnownIssue('spooler-rpc-internet')?.source).toBe('cases/case-a-spooler-rpc.md');
    expect(findKnownIssue('catroot2-catalog-database-corrupt')?.source).toBe('cases/case-b-catroot2-kb.md');
  });

  it('asks the agent to watch exactly the registry keys its evidence reads', () => {
    for (const issue of KNOWN_ISSUES) {
      const read = issue.confirmingEvidence.flatMap((rule) =>
        rule.kind === 'registry-key-present' ? [registryKeyId(rule.key)] : [],
      );
      expect(issue.watchRegistryKeys.map(registryKeyId).sort()).toEqual([...new Set(read)].sort());
    }
    expect(watchedRegistryKeys()).toEqual(['HKLM\\Software\\Microsoft\\Rpc\\Internet']);
  });
});
