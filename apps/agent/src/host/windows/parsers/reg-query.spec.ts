import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegQuery } from './reg-query';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseRegQuery on a real reg query capture', () => {
  it('reads the key and a REG_DWORD value, ignoring the PowerShell lines around it', () => {
    const { records, found, error, warnings } = parseRegQuery(
      fixture('reg-query/en-ckurity-rdp-portnumber.txt'),
    );
    expect(warnings).toEqual([]);
    expect(found).toBe(true);
    expect(error).toBeNull();
    expect(records).toEqual([
      {
        path: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
        values: [{ name: 'PortNumber', type: 'REG_DWORD', raw: '0xd3d', value: 3389 }],
        deleted: false,
        evidence: [
          {
            line: 3,
            text: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
          },
          { line: 4, text: '    PortNumber    REG_DWORD    0xd3d' },
        ],
      },
    ]);
  });

  it('reports "not found" when no key line was printed', () => {
    const result = parseRegQuery(fixture('sc-query/zh-pcap-dnsproxy-openservice-1060.txt'));
    expect(result.found).toBe(false);
    expect(result.records).toEqual([]);
  });
});
