/**
 * Structural decoding of a 32-bit Windows code, for the codes no table names: severity, customer bit,
 * facility, and the error inside a wrapped value (the Win32 error of HRESULT_FROM_WIN32, the NTSTATUS of
 * HRESULT_FROM_NT, the ESE error of HRESULT_FROM_JET_ERR).
 *
 * Layouts follow [MS-ERREF] 2.1 (HRESULT: S R C N X, 11-bit facility, 16-bit code) and 2.3 (NTSTATUS: 2-bit
 * severity, C, N, 12-bit facility, 16-bit code). The facility of an HRESULT is read the way winerror.h's
 * HRESULT_FACILITY macro reads it, `(hr >> 16) & 0x1fff`, which is what lets FACILITY_JET_ERR (0xE5E)
 * come out whole from 0x8e5e03fa.
 */
import { FACILITY_NT_BIT, facilityName } from './facilities';
import {
  type CodeKind,
  FACILITY_JET_ERR,
  FACILITY_WIN32,
  InvalidErrorCodeError,
  jetFromHresult,
  normalizeCode,
  toHex32,
} from './normalize';

export type Severity = 'success' | 'informational' | 'warning' | 'error';

/** Which numbering space the value is laid out in. */
export type CodeLayout = 'hresult' | 'ntstatus';

export interface DecodedCode {
  /** The value, normalized. */
  value: string;
  layout: CodeLayout;
  severity: Severity;
  /** The C bit: customer-defined rather than Microsoft-defined. */
  customer: boolean;
  /** The N bit (FACILITY_NT_BIT): an NTSTATUS mapped into an HRESULT by HRESULT_FROM_NT. */
  ntMapped: boolean;
  /** The facility; for HRESULT_FROM_NT values, the facility of the NTSTATUS inside. */
  facility: number;
  /** The winerror.h name of an HRESULT facility; null for NTSTATUS facilities and unnamed ones. */
  facilityName: string | null;
  /** The low 16 bits. */
  code: number;
  /** The Win32 error inside a FACILITY_WIN32 failure: 0x80070057 → 87. */
  win32?: number;
  /** The ESE error inside a FACILITY_JET_ERR value: 0x8e5e03fa → -1018. */
  jet?: number;
  /** The NTSTATUS inside an HRESULT_FROM_NT value: 0xd0000005 → 0xc0000005. */
  ntstatus?: string;
}

const SEVERITY_BIT = 0x80000000;
/** The R bit of an HRESULT, which is the second severity bit of an NTSTATUS. */
const RESERVED_BIT = 0x40000000;
const CUSTOMER_BIT = 0x20000000;
const NT_SEVERITIES: readonly Severity[] = ['success', 'informational', 'warning', 'error'];

/**
 * A code as text, read the way `normalizeCode` reads what Windows printed (`0x80070057`, `87`, `-1018`),
 * or as a number, taken as the 32-bit value itself (signed or not).
 */
export type CodeInput = string | number;

function toValue(input: CodeInput): number {
  if (typeof input === 'string') return parseInt(normalizeCode(input).code, 16);
  if (!Number.isInteger(input) || input > 0xffffffff || input < -0x80000000) {
    throw new InvalidErrorCodeError(String(input));
  }
  return input >>> 0;
}

/**
 * An HRESULT must keep R clear unless N is set ([MS-ERREF] 2.1), so a value with R set and N clear is an
 * NTSTATUS (0xC0000005, 0x40000000…); everything else is read as an HRESULT.
 */
export function isNtstatusLayout(value: number): boolean {
  const v = value >>> 0;
  return (v & RESERVED_BIT) !== 0 && (v & FACILITY_NT_BIT) === 0;
}

/** Decode as an HRESULT. HRESULT_FROM_NT values are unwrapped to the NTSTATUS inside. */
export function decodeHresult(input: CodeInput): DecodedCode {
  const v = toValue(input);
  const ntMapped = (v & FACILITY_NT_BIT) !== 0;
  const decoded: DecodedCode = {
    value: toHex32(v),
    layout: 'hresult',
    severity: v & SEVERITY_BIT ? 'error' : 'success',
    customer: (v & CUSTOMER_BIT) !== 0,
    ntMapped,
    facility: 0,
    facilityName: null,
    code: v & 0xffff,
  };
  if (ntMapped) {
    const ntstatus = (v & ~FACILITY_NT_BIT) >>> 0;
    return { ...decoded, facility: (ntstatus >>> 16) & 0xfff, ntstatus: toHex32(ntstatus) };
  }
  const facility = (v >>> 16) & 0x1fff;
  decoded.facility = facility;
  decoded.facilityName = facilityName(facility);
  if (facility === FACILITY_WIN32 && v & SEVERITY_BIT) decoded.win32 = v & 0xffff;
  if (facility === FACILITY_JET_ERR) decoded.jet = jetFromHresult(v) ?? undefined;
  return decoded;
}

/** Decode as an NTSTATUS: two severity bits, customer bit, 12-bit facility, 16-bit code. */
export function decodeNtstatus(input: CodeInput): DecodedCode {
  const v = toValue(input);
  return {
    value: toHex32(v),
    layout: 'ntstatus',
    severity: NT_SEVERITIES[v >>> 30] ?? 'error',
    customer: (v & CUSTOMER_BIT) !== 0,
    ntMapped: false,
    facility: (v >>> 16) & 0xfff,
    facilityName: null,
    code: v & 0xffff,
  };
}

/** Decode in whichever layout the value is in. */
export function decodeCode(input: CodeInput): DecodedCode {
  const v = toValue(input);
  return isNtstatusLayout(v) ? decodeNtstatus(v) : decodeHresult(v);
}

const FACILITY_WINDOWSUPDATE = 36;
const FACILITY_SETUPAPI = 15;

/**
 * The family a code most likely comes from, by its structure alone. Servicing (CBS) codes share
 * FACILITY_SETUPAPI with the SetupAPI's own SPAPI_E_* codes; they are told apart by their range
 * (0x800f08xx and 0x800f09xx are CBS_E_* / PSFX_E_*).
 */
export function inferCodeKind(decoded: DecodedCode): CodeKind {
  if (decoded.layout === 'ntstatus' || decoded.ntMapped) return 'ntstatus';
  if (decoded.facility === FACILITY_WIN32) return 'win32';
  if (decoded.facility === FACILITY_JET_ERR) return 'jet';
  if (decoded.facility === FACILITY_WINDOWSUPDATE) return 'windows-update';
  const range = decoded.code >>> 8;
  if (decoded.facility === FACILITY_SETUPAPI && (range === 0x08 || range === 0x09)) return 'cbs';
  return 'hresult';
}
