import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChunkDecoder,
  Utf8Check,
  chooseEncoding,
  decodeOutput,
  decodeWith,
  encodingForCodePage,
} from './decode';

const fixtureBytes = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));

describe('decodeOutput', () => {
  it('decodes a UTF-8 capture of Chinese DISM output as UTF-8, even when the console code page says 936', () => {
    const bytes = fixtureBytes('dism/zh-lenovo-restorehealth-0915.txt');
    const text = bytes.toString('utf8');
    expect(decodeOutput(bytes)).toEqual({ text, encoding: 'utf-8', bom: false });
    expect(decodeOutput(bytes, 936)).toEqual({ text, encoding: 'utf-8', bom: false });
  });

  it('strips a UTF-8 BOM in front of a capture (Out-File -Encoding utf8 writes one)', () => {
    const bytes = fixtureBytes('sc-query/ru-belfproctor-query.txt');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect(decodeOutput(withBom)).toEqual({ text: bytes.toString('utf8'), encoding: 'utf-8', bom: true });
  });

  it('decodes UTF-16 LE with and without a BOM (reg export, PowerShell 5 redirection)', () => {
    // The bytes are made by Node's encoder from a real capture; they test the decoder, they are not a capture.
    const text = readFileSync(
      join(__dirname, 'fixtures', 'reg-file/en-jiehong-rpc-internet-ports.reg'),
      'utf8',
    );
    const utf16 = Buffer.from(text, 'utf16le');
    expect(decodeOutput(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]))).toEqual({
      text,
      encoding: 'utf-16le',
      bom: true,
    });
    expect(decodeOutput(utf16)).toEqual({ text, encoding: 'utf-16le', bom: false });
  });

  it('uses the console code page for bytes that are not UTF-8', () => {
    // "服务" in GBK (CP936): B7 FE CE F1; the Russian "Тип" in CP866: 92 A8 AF.
    expect(decodeOutput(Uint8Array.from([0xb7, 0xfe, 0xce, 0xf1]), 936)).toEqual({
      text: '服务',
      encoding: 'gbk',
      bom: false,
    });
    expect(decodeOutput(Uint8Array.from([0x92, 0xa8, 0xaf]), 866)).toEqual({
      text: 'Тип',
      encoding: 'ibm866',
      bom: false,
    });
  });

  it('maps the Windows code pages the fleet uses to decoders Node has', () => {
    for (const codePage of [936, 866, 1252, 1251, 932, 949, 950, 65001, 1200]) {
      const encoding = encodingForCodePage(codePage);
      expect(encoding).not.toBeNull();
      expect(() => new TextDecoder(encoding ?? '')).not.toThrow();
    }
    expect(encodingForCodePage(12345)).toBeNull();
  });
});

/** `bytes` cut into pieces of `size` bytes. */
function piecesOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    pieces.push(bytes.subarray(offset, offset + size));
  return pieces;
}

describe('decoding in chunks', () => {
  // Real captures in Chinese and Russian (UTF-8 bytes), and the GBK / CP866 bytes of the test above.
  const samples = [
    fixtureBytes('dism/zh-lenovo-restorehealth-0915.txt'),
    fixtureBytes('sc-query/ru-belfproctor-query.txt'),
    Uint8Array.from([0xb7, 0xfe, 0xce, 0xf1, 0x0d, 0x0a, 0x92, 0xa8, 0xaf]),
  ];

  it('gives the text of a whole decode wherever the chunks cut a character, in every encoding', () => {
    for (const encoding of ['utf-8', 'utf-16le', 'gbk', 'ibm866', 'ibm437', 'shift_jis']) {
      for (const bytes of samples) {
        for (const size of [1, 2, 3, 5, 64]) {
          const decoder = new ChunkDecoder(encoding);
          const text =
            piecesOf(bytes, size)
              .map((piece) => decoder.write(piece))
              .join('') + decoder.end();
          expect(text).toBe(decodeWith(encoding, bytes));
        }
      }
    }
  });

  it('ends an unfinished last character as a whole decode does', () => {
    const cut = fixtureBytes('dism/zh-lenovo-restorehealth-0915.txt').subarray(0, 200);
    const decoder = new ChunkDecoder('utf-8');
    expect(decoder.write(cut) + decoder.end()).toBe(decodeWith('utf-8', cut));
  });

  it('tells valid UTF-8 from bytes in a code page, a character split between chunks included', () => {
    for (const [bytes, valid] of [
      [fixtureBytes('dism/zh-lenovo-restorehealth-0915.txt'), true],
      [Uint8Array.from([0xb7, 0xfe, 0xce, 0xf1]), false],
      // The first half of "服" in UTF-8 (E6 9C 8D), then ASCII: invalid however it is cut.
      [Uint8Array.from([0xe6, 0x9c, 0x41, 0x42]), false],
    ] as const) {
      for (const size of [1, 2, 4096]) {
        const check = new Utf8Check();
        for (const piece of piecesOf(bytes, size)) check.push(piece);
        expect(check.end()).toBe(valid);
      }
    }
  });

  it('chooses from the first bytes the encoding decodeOutput uses', () => {
    const utf16 = Buffer.from('HKEY_LOCAL_MACHINE', 'utf16le');
    expect(chooseEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]))).toEqual({
      encoding: 'utf-16le',
      bom: true,
      bomLength: 2,
      unlessValidUtf8: null,
    });
    expect(chooseEncoding(utf16, 936)).toMatchObject({ encoding: 'utf-16le', unlessValidUtf8: null });
    expect(chooseEncoding(Uint8Array.from([0x41]), 936)).toMatchObject({
      encoding: 'utf-8',
      unlessValidUtf8: 'gbk',
    });
    expect(chooseEncoding(Uint8Array.from([0x41]))).toMatchObject({
      encoding: 'utf-8',
      unlessValidUtf8: null,
    });
  });
});
