import { explainCode } from './explain';
import { findCode, findCodeBySymbol } from './lookup';
import { InvalidErrorCodeError } from './normalize';

describe('explainCode on the seed evidence of the field cases', () => {
  it('case A: 0x80070057 is E_INVALIDARG, Win32 87 ERROR_INVALID_PARAMETER', () => {
    const explained = explainCode('0x80070057');
    expect(explained).toMatchObject({
      code: '0x80070057',
      original: null,
      known: true,
      kind: 'win32',
      symbol: 'E_INVALIDARG',
      symbols: ['E_INVALIDARG', 'ERROR_INVALID_PARAMETER'],
      innerSymbol: 'ERROR_INVALID_PARAMETER',
      meaning: { en: 'The parameter is incorrect.', 'zh-CN': '参数错误。' },
      source: 'https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-',
    });
    expect(explained.decoded).toMatchObject({
      severity: 'error',
      facility: 7,
      facilityName: 'FACILITY_WIN32',
      win32: 87,
    });
  });

  it('case A, as sc.exe prints it: Win32 87 keeps its original form', () => {
    expect(explainCode('87')).toMatchObject({ code: '0x80070057', original: '87', symbol: 'E_INVALIDARG' });
  });

  it('case B: 0x8e5e03fa is JET_errReadVerifyFailure, ESE error -1018', () => {
    const explained = explainCode('0x8e5e03fa');
    expect(explained).toMatchObject({
      code: '0x8e5e03fa',
      known: true,
      kind: 'jet',
      symbol: 'JET_errReadVerifyFailure',
      innerSymbol: 'JET_errReadVerifyFailure',
      source:
        'https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/extensible-storage-engine-error-codes',
    });
    expect(explained.decoded).toMatchObject({
      facility: 0xe5e,
      facilityName: 'FACILITY_JET_ERR',
      jet: -1018,
    });
    expect(explained.meaning?.en).toBe('There is a checksum error on a database page.');
  });

  it.each(['-1018', '0x8E5E03FA', '2388526074'])('case B, written as %s, is the same code', (input) => {
    expect(explainCode(input)).toMatchObject({ code: '0x8e5e03fa', symbol: 'JET_errReadVerifyFailure' });
  });

  it('reads a decimal Win32 code as its HRESULT (1060 → 0x80070424)', () => {
    expect(explainCode(1060)).toMatchObject({
      code: '0x80070424',
      original: '1060',
      symbol: 'ERROR_SERVICE_DOES_NOT_EXIST',
    });
  });
});

describe('explainCode on codes outside the table', () => {
  it('still decodes the structure and the family', () => {
    expect(explainCode('0x80249999')).toMatchObject({
      known: false,
      kind: 'windows-update',
      symbol: null,
      meaning: null,
      source: null,
      decoded: { facility: 36, facilityName: 'FACILITY_WINDOWSUPDATE', severity: 'error' },
    });
    expect(explainCode('0x800f0988')).toMatchObject({ known: false, kind: 'cbs' });
    expect(explainCode('0x8007ffff')).toMatchObject({
      known: false,
      kind: 'win32',
      decoded: { win32: 0xffff },
    });
  });

  it('explains an HRESULT_FROM_NT value through the NTSTATUS inside', () => {
    expect(explainCode('0xd0000022')).toMatchObject({
      known: true,
      kind: 'ntstatus',
      symbol: 'STATUS_ACCESS_DENIED',
      innerSymbol: 'STATUS_ACCESS_DENIED',
      decoded: { ntMapped: true, ntstatus: '0xc0000022' },
    });
  });

  it('refuses what is not a code', () => {
    expect(() => explainCode('spooler')).toThrow(InvalidErrorCodeError);
  });
});

describe('lookup', () => {
  it('finds a code by any of its symbols, ignoring case', () => {
    expect(findCodeBySymbol('JET_errReadVerifyFailure')?.code).toBe('0x8e5e03fa');
    expect(findCodeBySymbol('e_invalidarg')?.code).toBe('0x80070057');
    expect(findCodeBySymbol('ERROR_INVALID_PARAMETER')?.code).toBe('0x80070057');
    expect(findCodeBySymbol('CBS_E_SOURCE_MISSING')?.code).toBe('0x800f081f');
    expect(findCodeBySymbol('WU_E_PT_HTTP_STATUS_NOT_FOUND')?.code).toBe('0x80244019');
    expect(findCodeBySymbol('NOT_A_SYMBOL')).toBeNull();
  });

  it('finds a code by any form of its value', () => {
    expect(findCode(-1206)?.symbol).toBe('JET_errDatabaseCorrupted');
    expect(findCode('1053')?.symbol).toBe('ERROR_SERVICE_REQUEST_TIMEOUT');
    expect(findCode('0xC0000142')?.symbol).toBe('STATUS_DLL_INIT_FAILED');
    expect(findCode('0x12345678')).toBeNull();
  });
});
