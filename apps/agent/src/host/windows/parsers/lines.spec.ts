import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter, splitLines } from './lines';
import type { EvidenceLine } from './types';

const fixtureText = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

function splitInPieces(text: string, size: number, maxLineChars?: number): EvidenceLine[] {
  const lines: EvidenceLine[] = [];
  const splitter = new LineSplitter((lineText, line) => lines.push({ line, text: lineText }), maxLineChars);
  for (let offset = 0; offset < text.length; offset += size) splitter.push(text.slice(offset, offset + size));
  splitter.end();
  expect(splitter.linesRead).toBe(lines.length);
  return lines;
}

describe('LineSplitter', () => {
  it('gives the lines splitLines gives, wherever the pieces cut (CRLF, CR CR LF, LF, a BOM, no last line end)', () => {
    const cbs = fixtureText('cbs-log/case-b-catroot2-kb5005030.log');
    const texts = [
      cbs,
      cbs.replace(/\n/g, '\r\n'),
      `\uFEFF${cbs.replace(/\n/g, '\r\r\n').trimEnd()}`,
      fixtureText('qfe/en-pwnwiki-111-wmic-qfe-hotfixid.txt'),
      '',
    ];
    for (const text of texts) {
      for (const size of [1, 2, 3, 17, 100_000]) expect(splitInPieces(text, size)).toEqual(splitLines(text));
    }
  });

  it('keeps only the start of a line longer than its limit, and the lines after it whole', () => {
    const cbs = fixtureText('cbs-log/case-b-catroot2-kb5005030.log').replace(/\n/g, '\r\n');
    for (const size of [1, 7, 100_000]) {
      const lines = splitInPieces(cbs, size, 40);
      expect(lines.map((line) => line.text)).toEqual(splitLines(cbs).map((line) => line.text.slice(0, 40)));
    }
  });
});
