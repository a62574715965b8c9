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

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * `splitLines` for text that arrives in pieces (a file read in chunks): each complete line is handed to
 * `onLine` with its number as soon as its end arrives, a CRLF split between pieces ends one line, and the
 * last line needs no line end. Only the unfinished line is held, and of a line longer than `maxLineChars`
 * only its start is kept, so that memory stays bounded whatever the input.
 */
export class LineSplitter {
  private pending = '';
  private atStart = true;
  /** The current line was cut at `maxLineChars`: drop text up to its end. */
  private skipping = false;
  private lines = 0;

  constructor(
    private readonly onLine: (text: string, line: number) => void,
    private readonly maxLineChars = Number.POSITIVE_INFINITY,
  ) {}

  get linesRead(): number {
    return this.lines;
  }

  push(piece: string): void {
    let text = piece;
    if (this.skipping) {
      const lineEnd = text.search(LINE_BREAK);
      if (lineEnd < 0) return;
      text = text.slice(lineEnd);
      this.skipping = false;
    }
    if (text.length === 0) return;
    let data = this.pending + text;
    if (this.atStart) {
      this.atStart = false;
      if (data.startsWith('\uFEFF')) data = data.slice(1);
    }
    // A CR at the very end may be the first half of a CRLF: it ends its line once the next piece is known.
    const searchFrom = data.endsWith('\r') ? data.length - 2 : data.length - 1;
    const lastBreak = Math.max(data.lastIndexOf('\n', searchFrom), data.lastIndexOf('\r', searchFrom));
    if (lastBreak < 0) {
      this.pending = data;
    } else {
      const complete = data.slice(0, lastBreak + 1).split(LINE_BREAK);
      complete.pop(); // the empty text after the last line end
      for (const line of complete) this.emit(line);
      this.pending = data.slice(lastBreak + 1);
    }
    if (this.pending.length > this.maxLineChars) {
      const cr = this.pending.endsWith('\r');
      this.pending = this.pending.slice(0, this.maxLineChars) + (cr ? '\r' : '');
      this.skipping = !cr;
    }
  }

  /** End of input: the last line, even without a line end. */
  end(): void {
    const rest = this.pending;
    this.pending = '';
    this.skipping = false;
    if (rest === '') return;
    const parts = rest.split(LINE_BREAK);
    if (parts[parts.length - 1] === '') parts.pop();
    for (const line of parts) this.emit(line);
  }

  private emit(text: string): void {
    this.lines += 1;
    this.onLine(text.length > this.maxLineChars ? text.slice(0, this.maxLineChars) : text, this.lines);
  }
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
