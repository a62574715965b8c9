/**
 * Decoding captured Windows output to text. A BOM decides (UTF-8, UTF-16 LE/BE); without one, UTF-16 LE is
 * recognized by its zero high bytes (`reg export`, PowerShell `>` redirection); otherwise the console code
 * page the process ran with (CP936/GBK on Chinese Windows, CP866 on Russian) or UTF-8.
 */

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

/**
 * Decode `buffer`. `codePage` is the console code page the output was written in (from `chcp` or
 * GetConsoleOutputCP); it is used when there is no BOM and the bytes are not valid UTF-8.
 */
export function decodeOutput(buffer: Uint8Array, codePage?: number): DecodedOutput {
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: decodeWith('utf-8', buffer.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: decodeWith('utf-16le', buffer.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { text: decodeWith('utf-16be', buffer.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  if (looksUtf16Le(buffer)) return { text: decodeWith('utf-16le', buffer), encoding: 'utf-16le', bom: false };
  const requested = codePage === undefined ? null : encodingForCodePage(codePage);
  if (requested !== null && requested !== 'utf-8') {
    if (!isValidUtf8(buffer)) return { text: decodeWith(requested, buffer), encoding: requested, bom: false };
  }
  return { text: decodeWith('utf-8', buffer), encoding: 'utf-8', bom: false };
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
