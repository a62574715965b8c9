import { decodeProcessOutput } from './decode-process-output';

describe('decodeProcessOutput', () => {
  it('decodes CP936 console output on Simplified Chinese Windows', () => {
    // "服务名称" in GBK, as `sc query` prints its first label on Chinese Windows.
    const bytes = Buffer.from([0xb7, 0xfe, 0xce, 0xf1, 0xc3, 0xfb, 0xb3, 0xc6]);
    expect(decodeProcessOutput(bytes, 'oem', 936)).toBe('服务名称');
  });

  it('decodes CP866 (Russian) and CP850 (Western Europe) consoles', () => {
    expect(decodeProcessOutput(Buffer.from([0x88, 0xac, 0xef]), 'oem', 866)).toBe('Имя');
    expect(decodeProcessOutput(Buffer.from([0x81, 0x84, 0x94]), 'oem', 850)).toBe('üäö');
  });

  it('lets a byte-order mark win over the expected encoding', () => {
    expect(decodeProcessOutput(Buffer.from('\ufeffKB5005030', 'utf8'), 'oem', 936)).toBe('KB5005030');
    expect(
      decodeProcessOutput(
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('事件', 'utf16le')]),
        'utf8',
        437,
      ),
    ).toBe('事件');
  });

  it('reads wevtutil /uni:true output as UTF-16LE', () => {
    expect(decodeProcessOutput(Buffer.from('<Events>', 'utf16le'), 'utf16le', 936)).toBe('<Events>');
  });
});
