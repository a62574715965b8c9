/**
 * What a code means, in one call: its normalized form, its names, its meaning in English and Chinese,
 * its structure and the page that documents it. Codes the table does not know are still decoded, so a
 * reader learns at least that 0x8024xxxx is Windows Update or that 0x8007xxxx wraps a Win32 error.
 */
import type { LocalizedText } from '../localized-text';
import { type DecodedCode, decodeCode, inferCodeKind } from './decode';
import { findCode, symbolsOf } from './lookup';
import { type CodeKind, normalizeCode } from './normalize';
import type { KnownCode } from './table';

export interface CodeExplanation {
  /** Normalized: `0x` and 8 lowercase hex digits. */
  code: string;
  /** The input as given, when it differs from `code` (`87`, `-1018`). */
  original: string | null;
  /** Whether the table (directly, or through the NTSTATUS inside an HRESULT_FROM_NT value) knows the code. */
  known: boolean;
  kind: CodeKind;
  /** The name logs print for this value: E_INVALIDARG for 0x80070057, JET_errReadVerifyFailure for 0x8e5e03fa. */
  symbol: string | null;
  /** Every name of the value, `symbol` first. */
  symbols: string[];
  /** The name of the error inside a wrapped value: ERROR_INVALID_PARAMETER inside 0x80070057. */
  innerSymbol: string | null;
  meaning: LocalizedText | null;
  decoded: DecodedCode;
  /** The public page the symbol and meaning come from. */
  source: string | null;
}

/** Families whose codes reach us wrapped in an HRESULT (HRESULT_FROM_WIN32, HRESULT_FROM_JET_ERR). */
const WRAPPED_IN_HRESULT: readonly CodeKind[] = ['win32', 'jet'];

export function explainCode(input: string | number, kind?: CodeKind): CodeExplanation {
  const { code, original } = normalizeCode(input, kind);
  const decoded = decodeCode(code);
  const entry = findCode(code);
  if (entry !== null)
    return fromEntry(code, original, decoded, entry, WRAPPED_IN_HRESULT.includes(entry.kind));

  const inner = decoded.ntstatus === undefined ? null : findCode(decoded.ntstatus);
  if (inner !== null) return fromEntry(code, original, decoded, inner, true);

  return {
    code,
    original,
    known: false,
    kind: inferCodeKind(decoded),
    symbol: null,
    symbols: [],
    innerSymbol: null,
    meaning: null,
    decoded,
    source: null,
  };
}

function fromEntry(
  code: string,
  original: string | null,
  decoded: DecodedCode,
  entry: KnownCode,
  wrapped: boolean,
): CodeExplanation {
  const symbols = symbolsOf(entry);
  return {
    code,
    original,
    known: true,
    kind: entry.kind,
    symbol: symbols[0] ?? null,
    symbols,
    innerSymbol: wrapped ? entry.symbol : null,
    meaning: entry.meaning,
    decoded,
    source: entry.source,
  };
}
