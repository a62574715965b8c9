/**
 * Line handling shared by the parsers: Windows output arrives with CRLF, CR CR LF (wmic) or LF line ends,
 * sometimes quoted in Markdown (`> `) when it was captured from a web page or issue.
 */
import type { EvidenceLine } from './types';

/** Split text into numbered lines; a leading BOM is dropped, any of CRLF / CR / LF ends a line. */
export function splitLines(text: string, firstLine = 1): EvidenceLine[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parts = body.split(/\r\n|\r|\n/);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((lineText, index) => ({ line: firstLine + index, text: lineText }));
}

/** The line without a Markdown blockquote marker (`> `) and without trailing blanks. */
export function unquote(text: string): string {
  return text.replace(/^>\s?/, '').replace(/\s+$/, '');
}

export function evidence(line: EvidenceLine): EvidenceLine {
  return { line: line.line, text: line.text };
}

/** True when the text looks like binary data rather than command output or a log. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.length === 0) return false;
  let control = 0;
  for (const char of sample) {
    const code = char.charCodeAt(0);
    if (code === 0 || code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) {
      control += 1;
    }
  }
  return control / sample.length > 0.1;
}
