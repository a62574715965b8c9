import {
  InvalidErrorCodeError,
  hresultFromJet,
  hresultFromWin32,
  jetFromHresult,
  normalizeCode,
} from './normalize';

describe('normalizeCode', () => {
  it.each([
    ['0x80070057', '0x80070057', null],
    ['0X80070057', '0x80070057', null],
    ['80070057', '0x80070057', '80070057'],
    ['-2147024809', '0x80070057', '-2147024809'],
    ['2147942487', '0x80070057', '2147942487'],
    ['87', '0x80070057', '87'],
    ['1060', '0x80070424', '1060'],
    ['-1018', '0x8e5e03fa', '-1018'],
    ['0x8E5E03FA', '0x8e5e03fa', null],
    ['c0000005', '0xc0000005', 'c0000005'],
    // wusa.exe prints 0x8e5e03fa as an unsigned decimal (Microsoft Learn, "Troubleshoot Windows Update error 0x80070490").
    ['2388526074', '0x8e5e03fa', '2388526074'],
    // JET_errOutOfMemory is the one ESE error HRESULT_FROM_JET_ERR maps outside FACILITY_JET_ERR.
    ['-1011', '0x8007000e', '-1011'],
    ['0', '0x00000000', '0'],
  ])('reads %s as %s', (input, code, original) => {
    expect(normalizeCode(input)).toEqual({ code, original });
  });

  it('keeps the decimal Win32 code beside the HRESULT (1060 → 0x80070424)', () => {
    expect(normalizeCode(1060)).toEqual({ code: '0x80070424', original: '1060' });
  });

  it('honours an explicit kind', () => {
    expect(normalizeCode('0x57', 'win32').code).toBe('0x80070057');
    expect(normalizeCode('1018', 'jet').code).toBe('0x8e5e03fa');
    expect(normalizeCode('-1018', 'jet').code).toBe('0x8e5e03fa');
  });

  it.each(['', 'spooler', '0x1234567890', '99999999999', '1.5'])('refuses %p with a clear error', (input) => {
    expect(() => normalizeCode(input)).toThrow(InvalidErrorCodeError);
    expect(() => normalizeCode(input)).toThrow(/is not an error code/);
  });
});

describe('HRESULT helpers', () => {
  it('maps Win32 87 into FACILITY_WIN32', () => {
    expect(hresultFromWin32(87)).toBe(0x80070057);
    expect(hresultFromWin32(0)).toBe(0);
  });
  it('maps JET_errReadVerifyFailure (-1018) to 0x8e5e03fa', () => {
    expect(hresultFromJet(-1018)).toBe(0x8e5e03fa);
  });
  it('follows HRESULT_FROM_JET_ERR for success, out-of-memory and warnings', () => {
    expect(hresultFromJet(0)).toBe(0);
    expect(hresultFromJet(-1011)).toBe(0x8007000e);
    // JET_wrnColumnNull (1004) is a warning: SEVERITY_SUCCESS, FACILITY_JET_ERR.
    expect(hresultFromJet(1004)).toBe(0x0e5e03ec);
  });
  it('reads the ESE error back out of a FACILITY_JET_ERR HRESULT', () => {
    expect(jetFromHresult(0x8e5e03fa)).toBe(-1018);
    expect(jetFromHresult(0x0e5e03ec)).toBe(1004);
    expect(jetFromHresult(0x80070057)).toBeNull();
  });
});
