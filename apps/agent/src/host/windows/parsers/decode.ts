/**
 * Decoding captured Windows output to text. A BOM decides (UTF-8, UTF-16 LE/BE); without one, UTF-16 LE is
 * recognized by its zero high bytes (`reg export`, PowerShell `>` redirection); otherwise the console code
 * page the process ran with (CP936/GBK on Chinese Windows, CP866 on Russian) or UTF-8.
 *
 * A file too large to hold is decoded in chunks (`ChunkDecoder`) to the same text, the encoding chosen as
 * `decodeOutput` chooses it (`chooseEncoding` on the first bytes, plus `Utf8Check` over all of them when a
 * code page was given).
 */
import { isAscii } from 'node:buffer';
import { DOS_CODE_PAGE_HIGH_HALVES } from './dos-code-pages';

export interface DecodedOutput {
  text: string;
  /** WHATWG label of the encoding used, e.g. `utf-8`, `utf-16le`, `gbk`. */
  encoding: string;
  bom: boolean;
}

/** Windows code page numbers to the WHATWG encoding labels Node's ICU TextDecoder knows. */
const ENCODING_BY_CODE_PAGE: Readonly<Record<number, string>> = {
  437: 'ibm437',
  850: 'ibm850',
  852: 'ibm852',
  866: 'ibm866',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  1200: 'utf-16le',
  1201: 'utf-16be',
  1250: 'windows-1250',
  1251: 'windows-1251',
  1252: 'windows-1252',
  54936: 'gb18030',
  65001: 'utf-8',
};

export function encodingForCodePage(codePage: number): string | null {
  return ENCODING_BY_CODE_PAGE[codePage] ?? null;
}

/** The DOS code pages TextDecoder does not know, by the label used here. */
const DOS_TABLES: Readonly<Record<string, string | undefined>> = {
  ibm437: DOS_CODE_PAGE_HIGH_HALVES[437],
  ibm850: DOS_CODE_PAGE_HIGH_HALVES[850],
  ibm852: DOS_CODE_PAGE_HIGH_HALVES[852],
};

export function decodeWith(encoding: string, bytes: Uint8Array): string {
  const dos = DOS_TABLES[encoding];
  if (dos !== undefined) {
    let text = '';
    for (const byte of bytes)
      text += byte < 0x80 ? String.fromCharCode(byte) : (dos[byte - 0x80] ?? '\ufffd');
    return text;
  }
  return new TextDecoder(encoding, { fatal: false }).decode(bytes);
}

/** Even-length text whose odd bytes are mostly zero is UTF-16 LE without a BOM. */
function looksUtf16Le(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length, 512) & ~1;
  if (sample < 4) return false;
  let zeroHigh = 0;
  for (let index = 1; index < sample; index += 2) if (bytes[index] === 0) zeroHigh += 1;
  return zeroHigh / (sample / 2) > 0.6;
}

export interface EncodingChoice {
  encoding: string;
  bom: boolean;
  /** Bytes of the BOM, not part of the text. */
  bomLength: number;
  /**
   * The code page's encoding when it applies only if the bytes are not valid UTF-8 (then `encoding` is
   * `utf-8`): only a look at every byte decides.
   */
  unlessValidUtf8: string | null;
}

/** The encoding `decodeOutput` uses, as far as the first bytes (512 are enough) tell. */
export function chooseEncoding(head: Uint8Array, codePage?: number): EncodingChoice {
  const bomOf = (encoding: string, bomLength: number): EncodingChoice => ({
    encoding,
    bom: bomLength > 0,
    bomLength,
    unlessValidUtf8: null,
  });
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return bomOf('utf-8', 3);
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return bomOf('utf-16le', 2);
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return bomOf('utf-16be', 2);
  if (looksUtf16Le(head)) return bomOf('utf-16le', 0);
  const requested = codePage === undefined ? null : encodingForCodePage(codePage);
  return {
    ...bomOf('utf-8', 0),
    unlessValidUtf8: requested !== null && requested !== 'utf-8' ? requested : null,
  };
}

/**
 * Decode `buffer`. `codePage` is the console code page the output was written in (from `chcp` or
 * GetConsoleOutputCP); it is used when there is no BOM and the bytes are not valid UTF-8.
 */
export function decodeOutput(buffer: Uint8Array, codePage?: number): DecodedOutput {
  const choice = chooseEncoding(buffer, codePage);
  const encoding =
    choice.unlessValidUtf8 !== null && !isValidUtf8(buffer) ? choice.unlessValidUtf8 : choice.encoding;
  return { text: decodeWith(encoding, buffer.subarray(choice.bomLength)), encoding, bom: choice.bom };
}

function isValidUtf8(bytes: Uint8Array): boolean {
  const check = new Utf8Check();
  check.push(bytes);
  return check.end();
}

/** Whether bytes that arrive in chunks are valid UTF-8, a character split between chunks included. */
export class Utf8Check {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private valid = true;
  /** The last byte checked was ASCII, so no character is left unfinished. */
  private atBoundary = true;

  push(chunk: Uint8Array): void {
    if (!this.valid || chunk.length === 0 || (this.atBoundary && isAscii(chunk))) return;
    try {
      this.decoder.decode(chunk, { stream: true });
      this.atBoundary = (chunk[chunk.length - 1] ?? 0) < 0x80;
    } catch {
      this.valid = false;
    }
  }

  /** True when every byte pushed was part of a complete, valid UTF-8 sequence. */
  end(): boolean {
    if (!this.valid) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Decodes a file chunk by chunk to the text `decodeWith` makes of all its bytes at once: a character split
 * between chunks is decoded whole. UTF-8 is cut only where a character starts, so that a pure-ASCII piece
 * (most of a CBS.log) is copied rather than decoded.
 */
export class ChunkDecoder {
  private readonly streaming: InstanceType<typeof TextDecoder> | null;
  private carry: Uint8Array = new Uint8Array(0);
  /** A BOM at the start of the text is dropped, as a whole decode drops it; one further on is kept. */
  private atStart = true;
  private readonly utf8AtStart = new TextDecoder('utf-8', { fatal: false });
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  constructor(readonly encoding: string) {
    this.streaming =
      encoding === 'utf-8' || DOS_TABLES[encoding] !== undefined
        ? null
        : new TextDecoder(encoding, { fatal: false });
  }

  write(chunk: Uint8Array): string {
    if (this.streaming !== null) return this.streaming.decode(chunk, { stream: true });
    if (this.encoding !== 'utf-8') return decodeWith(this.encoding, chunk);
    const bytes = this.carry.length === 0 ? chunk : concatBytes(this.carry, chunk);
    const cut = utf8CompleteLength(bytes);
    this.carry = bytes.slice(cut);
    return this.decodeUtf8(bytes.subarray(0, cut));
  }

  /** The rest: an incomplete last character becomes U+FFFD, as in a whole decode. */
  end(): string {
    if (this.streaming !== null) return this.streaming.decode();
    const rest = this.carry;
    this.carry = new Uint8Array(0);
    return rest.length === 0 ? '' : this.decodeUtf8(rest);
  }

  private decodeUtf8(bytes: Uint8Array): string {
    if (bytes.length === 0) return '';
    if (isAscii(bytes)) {
      this.atStart = false;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    }
    const decoder = this.atStart ? this.utf8AtStart : this.utf8;
    this.atStart = false;
    return decoder.decode(bytes);
  }
}

function concatBytes(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

/**
 * The length of `bytes` without a UTF-8 sequence that its last bytes start but do not finish. Cutting
 * there never changes the decoded text: a lead byte always starts afresh, valid or not.
 */
function utf8CompleteLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
