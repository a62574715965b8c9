/**
 * One normalization of Windows error codes for the whole product: 8-digit lowercase hex. Windows shows
 * the same failure as `0x80070057`, `80070057`, `-2147024809` or Win32 `87`; they all become `0x80070057`.
 */

/** HRESULT_FROM_WIN32: a Win32 error in the FACILITY_WIN32 HRESULT space. */
export const FACILITY_WIN32 = 7;
/**
 * FACILITY_JET_ERR: the facility ESE (JET) errors get when returned as HRESULTs, as defined by the
 * HRESULT_FROM_JET_ERR macro in Microsoft's "Extensible Storage Engine Errors" page.
 */
export const FACILITY_JET_ERR = 0xe5e;
/** ESE (JET) errors surface as HRESULTs with this prefix: JET -1018 → 0x8e5e03fa. */
export const ESE_HRESULT_PREFIX = 0x8e5e0000;
/** JET_errOutOfMemory, which HRESULT_FROM_JET_ERR turns into E_OUTOFMEMORY rather than 0x8e5e03f3. */
const JET_ERR_OUT_OF_MEMORY = -1011;
const E_OUTOFMEMORY = 0x8007000e;

/**
 * The family a code belongs to. `win32` and `jet` change how a bare decimal is read (87 is a Win32
 * error, -1018 an ESE error); the others are 32-bit values taken as they are.
 */
export type CodeKind = 'hresult' | 'win32' | 'ntstatus' | 'jet' | 'windows-update' | 'cbs';

export const CODE_KINDS: readonly CodeKind[] = [
  'hresult',
  'win32',
  'ntstatus',
  'jet',
  'windows-update',
  'cbs',
];

export interface NormalizedCode {
  /** `0x` and 8 lowercase hex digits. */
  code: string;
  /** The text as Windows showed it, when it differs from `code`. */
  original: string | null;
}

export class InvalidErrorCodeError extends Error {
  constructor(readonly input: string) {
    super(`"${input}" is not an error code: expected hex (0x80070057) or a decimal number (87, -2147024809)`);
    this.name = 'InvalidErrorCodeError';
  }
}

export function toHex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** HRESULT_FROM_WIN32(x): 0 stays 0; 1..0xffff become 0x8007xxxx; anything else is already an HRESULT. */
export function hresultFromWin32(win32: number): number {
  if (win32 <= 0 || win32 > 0xffff) return win32 >>> 0;
  return ((win32 & 0xffff) | (FACILITY_WIN32 << 16) | 0x80000000) >>> 0;
}

/**
 * HRESULT_FROM_JET_ERR, exactly as Microsoft documents it ("Extensible Storage Engine Errors"):
 * JET_errSuccess (0) → S_OK; JET_errOutOfMemory (-1011) → E_OUTOFMEMORY; any other error (< 0) →
 * MAKE_HRESULT(SEVERITY_ERROR, FACILITY_JET_ERR, -err & 0xFFFF); a warning (> 0) →
 * MAKE_HRESULT(SEVERITY_SUCCESS, FACILITY_JET_ERR, err & 0xFFFF). So -1018 → 0x8e5e03fa.
 */
export function hresultFromJet(jetError: number): number {
  if (jetError === 0) return 0;
  if (jetError === JET_ERR_OUT_OF_MEMORY) return E_OUTOFMEMORY;
  const severity = jetError < 0 ? 0x80000000 : 0;
  return (severity | (FACILITY_JET_ERR << 16) | (Math.abs(jetError) & 0xffff)) >>> 0;
}

/** The inverse of HRESULT_FROM_JET_ERR for FACILITY_JET_ERR values (0x8e5e03fa → -1018); null otherwise. */
export function jetFromHresult(hresult: number): number | null {
  const value = hresult >>> 0;
  if (((value >>> 16) & 0x1fff) !== FACILITY_JET_ERR) return null;
  const code = value & 0xffff;
  return value & 0x80000000 ? -code : code;
}

const HEX = /^(?:0x)?([0-9a-f]{1,8})$/i;
const DECIMAL = /^[+-]?\d{1,10}$/;
/** Eight digits starting with 8 or c, without `0x`, are a failure HRESULT however decimal they look. */
const BARE_FAILURE_HRESULT = /^[89a-f][0-9a-f]{7}$/i;

/**
 * Normalize a code as Windows printed it. Without a `kind`, positive decimals up to 0xffff are read as
 * Win32 errors (how `sc` and the SCM events print them), small negative decimals as ESE errors, and larger
 * decimals as 32-bit HRESULTs (signed or not). Hex is taken as it is.
 */
export function normalizeCode(input: string | number, kind?: CodeKind): NormalizedCode {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const value = parseCodeValue(text, kind);
  const code = toHex32(value);
  return { code, original: text.toLowerCase() === code ? null : text };
}

function parseCodeValue(text: string, kind: CodeKind | undefined): number {
  if (DECIMAL.test(text) && !BARE_FAILURE_HRESULT.test(text)) {
    const n = Number(text);
    if (n > 0xffffffff || n < -0x80000000) throw new InvalidErrorCodeError(text);
    // A JET code given where a failure is expected has lost its sign when it is positive (1018).
    if (kind === 'jet' && Math.abs(n) <= 0xffff) return hresultFromJet(-Math.abs(n));
    if (kind === undefined && n < 0 && n >= -0xffff) return hresultFromJet(n);
    if (kind === 'win32' || (kind === undefined && n > 0 && n <= 0xffff)) return hresultFromWin32(n);
    return n >>> 0;
  }
  const hex = HEX.exec(text);
  if (hex?.[1] !== undefined) {
    const n = parseInt(hex[1], 16);
    return kind === 'win32' ? hresultFromWin32(n) : n;
  }
  throw new InvalidErrorCodeError(text);
}
