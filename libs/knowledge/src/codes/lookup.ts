/** Finding a code of the table by its value or by one of its symbols. */
import { normalizeCode, type CodeKind } from './normalize';
import { CODE_TABLE, type KnownCode } from './table';

const BY_CODE = new Map<string, KnownCode>(CODE_TABLE.map((entry) => [entry.code, entry]));
const BY_SYMBOL = new Map<string, KnownCode>();
for (const entry of CODE_TABLE) {
  for (const symbol of symbolsOf(entry)) BY_SYMBOL.set(symbol.toLowerCase(), entry);
}

/** Every name of an entry, the one logs print first: E_INVALIDARG, then ERROR_INVALID_PARAMETER. */
export function symbolsOf(entry: KnownCode): string[] {
  return entry.hresultSymbol === undefined ? [entry.symbol] : [entry.hresultSymbol, entry.symbol];
}

/** The table entry for a code in any form Windows prints it (`0x80070057`, `87`, `-1018`); null if none. */
export function findCode(input: string | number, kind?: CodeKind): KnownCode | null {
  return BY_CODE.get(normalizeCode(input, kind).code) ?? null;
}

/** The table entry a symbol names (`JET_errReadVerifyFailure`, `E_INVALIDARG`), ignoring case; null if none. */
export function findCodeBySymbol(symbol: string): KnownCode | null {
  return BY_SYMBOL.get(symbol.trim().toLowerCase()) ?? null;
}
