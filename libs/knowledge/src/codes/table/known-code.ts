/** The shape of one entry of the code table: a Windows error code, its names, its meaning and its source. */
import type { LocalizedText } from '../../localized-text';
import type { CodeKind } from '../normalize';

export interface KnownCode {
  /** Normalized: `0x` and 8 lowercase hex digits, as on the wire. */
  readonly code: string;
  /** The family the code comes from: a Win32 error, an NTSTATUS, an ESE error, a Windows Update code… */
  readonly kind: CodeKind;
  /** The symbol the source documents, e.g. ERROR_INVALID_PARAMETER, JET_errReadVerifyFailure. */
  readonly symbol: string;
  /**
   * The name winerror.h gives the same value as an HRESULT, when it differs from `symbol`:
   * E_INVALIDARG for ERROR_INVALID_PARAMETER. Logs such as CBS.log print this one.
   */
  readonly hresultSymbol?: string;
  /** The number in its own family: Win32 87, JET -1018, NERR 2186. Absent for codes that are only HRESULTs. */
  readonly original?: number;
  readonly meaning: LocalizedText;
  /** The public page that documents the symbol and meaning. */
  readonly source: string;
}
