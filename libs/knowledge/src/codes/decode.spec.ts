import { FACILITY_NT_BIT } from './facilities';
import { decodeCode, decodeHresult, decodeNtstatus, inferCodeKind, isNtstatusLayout } from './decode';

describe('decodeHresult', () => {
  it('unwraps HRESULT_FROM_WIN32: 0x80070057 is Win32 87 in FACILITY_WIN32', () => {
    expect(decodeHresult('0x80070057')).toEqual({
      value: '0x80070057',
      layout: 'hresult',
      severity: 'error',
      customer: false,
      ntMapped: false,
      facility: 7,
      facilityName: 'FACILITY_WIN32',
      code: 87,
      win32: 87,
    });
  });

  it('reads every form Windows prints the same HRESULT in', () => {
    expect(decodeHresult('-2147024809').win32).toBe(87);
    expect(decodeHresult('87').value).toBe('0x80070057');
    expect(decodeHresult(-2147024809).win32).toBe(87);
    expect(decodeHresult(0x80070424).win32).toBe(1060);
  });

  it('unwraps HRESULT_FROM_JET_ERR: 0x8e5e03fa is ESE -1018 in FACILITY_JET_ERR (0xE5E)', () => {
    const decoded = decodeHresult('0x8e5e03fa');
    expect(decoded.facility).toBe(0xe5e);
    expect(decoded.facilityName).toBe('FACILITY_JET_ERR');
    expect(decoded.jet).toBe(-1018);
    expect(decoded.severity).toBe('error');
    expect(decoded.win32).toBeUndefined();
  });

  it('unwraps HRESULT_FROM_NT: 0xd0000005 carries STATUS_ACCESS_VIOLATION', () => {
    const decoded = decodeHresult(0xc0000005 | FACILITY_NT_BIT);
    expect(decoded.ntMapped).toBe(true);
    expect(decoded.ntstatus).toBe('0xc0000005');
    expect(decoded.code).toBe(5);
  });

  it.each([
    ['0x8024402c', 36, 'FACILITY_WINDOWSUPDATE'],
    ['0x800f081f', 15, 'FACILITY_SETUPAPI'],
    ['0x80004005', 0, 'FACILITY_NULL'],
    ['0x800706ba', 7, 'FACILITY_WIN32'],
    ['0x800b0109', 11, 'FACILITY_CERT'],
    ['0x80092004', 9, 'FACILITY_SECURITY'],
    ['0x80040154', 4, 'FACILITY_ITF'],
    ['0x80010105', 1, 'FACILITY_RPC'],
    ['0x80020009', 2, 'FACILITY_DISPATCH'],
  ])('names the facility of %s', (value, facility, name) => {
    expect(decodeHresult(value)).toMatchObject({ facility, facilityName: name });
  });

  it('reports the customer bit and success severity', () => {
    expect(decodeHresult(0xa0010001)).toMatchObject({ customer: true, severity: 'error', facility: 1 });
    expect(decodeHresult('0x00240005')).toMatchObject({ severity: 'success', facility: 36, code: 5 });
  });

  it('leaves an unnamed facility unnamed', () => {
    expect(decodeHresult(0x80050001).facilityName).toBeNull();
  });
});

describe('decodeNtstatus and decodeCode', () => {
  it('reads the two severity bits of an NTSTATUS', () => {
    expect(decodeNtstatus('0xc0000142')).toMatchObject({
      layout: 'ntstatus',
      severity: 'error',
      code: 0x142,
    });
    expect(decodeNtstatus(0x80000005).severity).toBe('warning');
    expect(decodeNtstatus(0x40000000).severity).toBe('informational');
    expect(decodeNtstatus(0x00000103).severity).toBe('success');
  });

  it('tells the layouts apart by the R and N bits', () => {
    expect(isNtstatusLayout(0xc0000005)).toBe(true);
    expect(isNtstatusLayout(0xd0000005)).toBe(false);
    expect(isNtstatusLayout(0x80070057)).toBe(false);
    expect(decodeCode('0xc0000022').layout).toBe('ntstatus');
    expect(decodeCode('0x8e5e03fa').layout).toBe('hresult');
  });
});

describe('inferCodeKind', () => {
  it.each([
    ['0x80070424', 'win32'],
    ['0x8e5e03fa', 'jet'],
    ['0xc0000005', 'ntstatus'],
    ['0xd0000005', 'ntstatus'],
    ['0x8024a105', 'windows-update'],
    ['0x800f0988', 'cbs'],
    ['0x800f0203', 'hresult'],
    ['0x80004005', 'hresult'],
  ])('files %s under %s', (value, kind) => {
    expect(inferCodeKind(decodeCode(value))).toBe(kind);
  });
});
