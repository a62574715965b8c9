import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWin32Service } from './win32-service';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseWin32Service', () => {
  const text = fixture('win32-service/zh-lindexi-win32-service-fl.txt');

  it('reads a Format-List of chosen properties from a Chinese PC: one record per block, state and start mode', () => {
    const { records, warnings } = parseWin32Service(text);
    expect(warnings).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        service: 'Apple Mobile Device Service',
        displayName: 'Apple Mobile Device Service',
        state: 'RUNNING',
        startType: 'AUTO_START',
        pid: null,
        failure: null,
      }),
      expect.objectContaining({
        // The key name is English, the display name is the localized one.
        service: 'iPod Service',
        displayName: 'iPod 服务',
        state: 'RUNNING',
        startType: 'DEMAND_START',
        failure: null,
      }),
    ]);
    expect(records[1]?.evidence).toContainEqual({ line: 19, text: 'Name                    : iPod Service' });
  });

  it('reads the ConvertTo-Json form of the same properties', () => {
    // No JSON capture of Win32_Service was found; this feeds the real capture's values through JSON.
    const blocks = text.split(/\n\s*\n/).map((block): Record<string, string> =>
      Object.fromEntries(
        block
          .split('\n')
          .map((line) => /^(\w+)\s*:\s?(.*)$/.exec(line))
          .filter((match): match is RegExpExecArray => match !== null)
          .map((match): [string, string] => [match[1] ?? '', match[2] ?? '']),
      ),
    );
    expect(parseWin32Service(JSON.stringify(blocks)).records).toEqual([
      expect.objectContaining({
        service: 'Apple Mobile Device Service',
        state: 'RUNNING',
        startType: 'AUTO_START',
      }),
      expect.objectContaining({
        service: 'iPod Service',
        displayName: 'iPod 服务',
        startType: 'DEMAND_START',
      }),
    ]);
  });
});
