import { InvalidErrorCodeError } from '../codes/normalize';
import { InvalidFingerprintError, fingerprintMatches, fingerprintOf, parseFingerprint } from './fingerprint';

describe('fingerprintOf', () => {
  it.each([
    ['service', 'Spooler', '0x80070057', 'service:spooler:0x80070057'],
    ['service', ' spooler ', '87', 'service:spooler:0x80070057'],
    ['patch', 'KB5005030', '0x8E5E03FA', 'patch:kb5005030:0x8e5e03fa'],
    ['patch', 'KB5005030', '-1018', 'patch:kb5005030:0x8e5e03fa'],
    ['Service', 'wuauserv', 1058, 'service:wuauserv:0x80070422'],
    [
      'registry',
      'HKLM\\Software\\Microsoft\\Rpc\\Internet',
      '0x80070005',
      'registry:hklm\\software\\microsoft\\rpc\\internet:0x80070005',
    ],
  ])('%s %s %s → %s', (check, target, code, fingerprint) => {
    expect(fingerprintOf(check, target, code)).toBe(fingerprint);
  });

  it('refuses an empty target or a check that is not a word, and a code that is not one', () => {
    expect(() => fingerprintOf('service', '  ', '0x80070057')).toThrow(InvalidFingerprintError);
    expect(() => fingerprintOf('serv:ice', 'spooler', '0x80070057')).toThrow(InvalidFingerprintError);
    expect(() => fingerprintOf('service', 'spooler', 'stopped')).toThrow(InvalidErrorCodeError);
  });
});

describe('parseFingerprint and fingerprintMatches', () => {
  it('splits a fingerprint whose target holds colons', () => {
    expect(parseFingerprint('registry:c:\\windows:0x80070005')).toEqual({
      check: 'registry',
      target: 'c:\\windows',
      code: '0x80070005',
    });
    expect(() => parseFingerprint('service:0x80070057')).toThrow(InvalidFingerprintError);
  });

  it('lets the * target stand for any target of the same check and code', () => {
    expect(fingerprintMatches('patch:*:0x8e5e03fa', 'patch:kb5005030:0x8e5e03fa')).toBe(true);
    expect(fingerprintMatches('patch:*:0x8e5e03fa', 'service:kb5005030:0x8e5e03fa')).toBe(false);
    expect(fingerprintMatches('patch:*:0x8e5e03fa', 'patch:kb5005030:0x80070057')).toBe(false);
    expect(fingerprintMatches('service:spooler:0x80070057', 'service:spooler:0x80070057')).toBe(true);
    expect(fingerprintMatches('service:spooler:0x80070057', 'service:wuauserv:0x80070057')).toBe(false);
  });
});
