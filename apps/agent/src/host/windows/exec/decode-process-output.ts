/**
 * Bytes a command wrote, as text: a byte-order mark wins; PowerShell (told to) writes UTF-8, wevtutil with
 * `/uni:true` UTF-16LE, and console programs the PC's OEM code page (CP936 on Simplified Chinese Windows,
 * CP866 on Russian) — the same decoder `explain` uses for captured files.
 */
import { decodeOutput, decodeWith } from '../parsers/decode';
import type { OutputEncoding } from './command-line';

const UTF8 = 65001;

export function decodeProcessOutput(bytes: Buffer, output: OutputEncoding, oemCodePage: number): string {
  switch (output) {
    case 'utf8':
      return decodeOutput(bytes, UTF8).text;
    case 'utf16le': {
      const bom = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
      return decodeWith('utf-16le', bom ? bytes.subarray(2) : bytes);
    }
    case 'oem':
      return decodeOutput(bytes, oemCodePage).text;
  }
}
