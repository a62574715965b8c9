import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeOutput, encodingForCodePage } from './decode';

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
