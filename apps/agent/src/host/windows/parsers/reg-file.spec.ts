import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegFile } from './reg-file';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe("parseRegFile on a real .reg for HKLM\\Software\\Microsoft\\Rpc\\Internet (field case A's key)", () => {
  it('reads the key, the hex(7) port range and the Y/N flags, warning about the typographic quotes', () => {
    const { records, version, warnings } = parseRegFile(
      fixture('reg-file/en-jiehong-rpc-internet-ports.reg'),
    );
    expect(version).toBe('5.00');
    expect(records).toHaveLength(1);
    expect(records[0]?.path).toBe('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet');
    expect(records[0]?.deleted).toBe(false);
    expect(records[0]?.values.map((value) => [value.name, value.type, value.value])).toEqual([
      ['Ports', 'REG_MULTI_SZ', ['5000-5100']],
      ['PortsInternetAvailable', 'REG_SZ', 'Y'],
      ['UseInternetPorts', 'REG_SZ', 'Y'],
    ]);
    expect(warnings).toEqual([
      'typographic quotes (“ ”) were read as straight quotes: regedit would reject this file',
    ]);
  });

  it('says so for text that is not a .reg file', () => {
    expect(parseRegFile(fixture('qfe/de-checkmk-30-get-hotfix.txt')).warnings.join(' ')).toMatch(
      /not a \.reg file/,
    );
  });
});
