import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_KINDS } from './detect-kind';
import { parseWindowsOutput } from './parse-output';

const FIXTURES = join(__dirname, 'fixtures');
const fixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap(({ name: kind }) =>
    readdirSync(join(FIXTURES, kind))
      .filter((name) => !name.endsWith('.source.md'))
      .map((name) => `${kind}/${name}`),
  );

describe('parseWindowsOutput', () => {
  it('explains field case B from its CBS.log alone', () => {
    const parsed = parseWindowsOutput(
      readFileSync(join(FIXTURES, 'cbs-log/case-b-catroot2-kb5005030.log'), 'utf8'),
    );
    expect(parsed.kind).toBe('cbs-log');
    if (parsed.kind !== 'cbs-log') return;
    expect(parsed.result.records[0]).toMatchObject({
      kb: 'KB5005030',
      failure: { code: '0x8e5e03fa', symbol: 'JET_errReadVerifyFailure' },
    });
  });

  it('lists the supported kinds for a file it cannot read', () => {
    const parsed = parseWindowsOutput('just some notes\n');
    expect(parsed).toEqual({ kind: 'unknown', reason: expect.any(String), supportedKinds: OUTPUT_KINDS });
  });

  it.each(fixtures)('never throws on %s, whole, cut in half or with its bytes garbled', (path) => {
    const text = readFileSync(join(FIXTURES, path), 'utf8');
    expect(parseWindowsOutput(text).kind).not.toBe('unknown');
    expect(() => parseWindowsOutput(text.slice(0, Math.floor(text.length / 2)))).not.toThrow();
    const garbled = Buffer.from(text, 'utf8').map((byte, index) => (index % 5 === 0 ? byte ^ 0x5a : byte));
    expect(() => parseWindowsOutput(Buffer.from(garbled).toString('latin1'))).not.toThrow();
  });

  it.each(OUTPUT_KINDS)('never throws when %s is forced on unrelated or binary input', (kind) => {
    expect(() => parseWindowsOutput('\u0000\u0001\u0002garbage: 0x\n[SC]\n<Event', kind)).not.toThrow();
    expect(() =>
      parseWindowsOutput(readFileSync(join(FIXTURES, 'event-xml/en-npcap-7000-param-87.txt'), 'utf8'), kind),
    ).not.toThrow();
  });
});
