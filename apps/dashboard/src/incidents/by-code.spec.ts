import { describe, expect, it } from '@jest/globals';
import { newIncident } from '../testing/factories';
import { countIncidentsByCode, groupRareCodes, type IncidentCodeCount } from './by-code';

describe('countIncidentsByCode', () => {
  it('counts incidents per code, open and resolved apart, most frequent first, with the symbol', () => {
    const counts = countIncidentsByCode([
      newIncident({ code: '0x8e5e03fa', symbol: 'JET_errReadVerifyFailure' }),
      newIncident({ code: '0x80070057', symbol: 'E_INVALIDARG' }),
      newIncident({ code: '0x80070057', symbol: 'E_INVALIDARG', status: 'resolved' }),
      newIncident({ code: null, symbol: null }),
    ]);
    expect(counts).toEqual([
      { code: '0x80070057', symbol: 'E_INVALIDARG', open: 1, resolved: 1, total: 2 },
      { code: '0x8e5e03fa', symbol: 'JET_errReadVerifyFailure', open: 1, resolved: 0, total: 1 },
      { code: null, symbol: null, open: 1, resolved: 0, total: 1 },
    ]);
  });

  it('takes the symbol from whichever incident has one', () => {
    const counts = countIncidentsByCode([
      newIncident({ code: '0x80070005', symbol: null }),
      newIncident({ code: '0x80070005', symbol: 'E_ACCESSDENIED' }),
    ]);
    expect(counts[0]?.symbol).toBe('E_ACCESSDENIED');
  });

  it('is empty without incidents', () => {
    expect(countIncidentsByCode([])).toEqual([]);
  });
});

describe('groupRareCodes', () => {
  const entry = (code: string, open: number, resolved = 0): IncidentCodeCount => ({
    code,
    symbol: null,
    open,
    resolved,
    total: open + resolved,
  });

  it('shows every code when they fit', () => {
    const counts = [entry('0x1', 2), entry('0x2', 1)];
    expect(groupRareCodes(counts, 2)).toEqual({ shown: counts, other: null });
  });

  it('sums the rarest codes into one last bar', () => {
    const grouped = groupRareCodes(
      [entry('0x1', 5), entry('0x2', 3), entry('0x3', 1, 1), entry('0x4', 0, 1)],
      3,
    );
    expect(grouped.shown.map((shown) => shown.code)).toEqual(['0x1', '0x2']);
    expect(grouped.other).toEqual({ codes: 2, open: 1, resolved: 2, total: 3 });
  });
});
