import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGetServiceTable } from './get-service-table';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseGetServiceTable on a real Get-Service capture', () => {
  it('reads rows without their header and flags names PowerShell cut off', () => {
    const { records, warnings } = parseGetServiceTable(
      fixture('get-service/en-opennms-wsman-31-headerless.txt'),
    );
    expect(records).toHaveLength(26);
    expect(records[1]).toMatchObject({
      service: 'DcomLaunch',
      displayName: 'DCOM Server Process Launcher',
      state: 'RUNNING',
    });
    expect(records[24]).toMatchObject({
      service: 'EFS',
      displayName: 'Encrypting File System (EFS)',
      state: 'STOPPED',
    });
    expect(warnings).toEqual([
      'line 4: service name "DeviceAssociati..." is cut off by the table width',
      'line 6: service name "DevicePickerUse..." is cut off by the table width',
      'line 7: service name "DevicesFlowUser..." is cut off by the table width',
      'line 12: service name "diagnosticshub...." is cut off by the table width',
    ]);
  });
});
