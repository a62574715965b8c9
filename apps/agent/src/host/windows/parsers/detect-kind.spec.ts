import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type OutputKind, detectKind } from './detect-kind';

const FIXTURES = join(__dirname, 'fixtures');

/** Every fixture and the kind `explain` must see in it (the folder's kind, except where noted). */
const EXPECTED: Readonly<Record<string, OutputKind>> = {
  // sc qc followed by sc query: the status block makes it sc query output (both are parsed).
  'sc-qc/zh-usbhub-qc-then-query.txt': 'sc-query',
};

const fixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap(({ name: kind }) =>
    readdirSync(join(FIXTURES, kind))
      .filter((name) => !name.endsWith('.source.md'))
      .map((name) => `${kind}/${name}`),
  );

describe('detectKind', () => {
  it('has at least 30 fixtures of at least 6 kinds to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(new Set(fixtures.map((path) => path.split('/')[0])).size).toBeGreaterThanOrEqual(6);
  });

  it.each(fixtures)('recognizes %s', (path) => {
    const text = readFileSync(join(FIXTURES, path), 'utf8');
    expect(detectKind(text).kind).toBe(EXPECTED[path] ?? path.split('/')[0]);
  });

  it('says "unknown" for text of no supported kind and "binary" for binary data', () => {
    expect(detectKind('Dear team,\nplease find the report attached.\n').kind).toBe('unknown');
    expect(detectKind('').kind).toBe('unknown');
    expect(detectKind('\u0000\u0001\u0002\u0003PK\u0003\u0004\u0000\u0000').kind).toBe('binary');
  });
});
