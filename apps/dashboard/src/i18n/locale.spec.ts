import { describe, expect, it } from '@jest/globals';
import { pickInitialLocale } from './locale';

describe('pickInitialLocale', () => {
  it('keeps a saved choice', () => {
    expect(pickInitialLocale('zh-CN', 'en-US')).toBe('zh-CN');
    expect(pickInitialLocale('en', 'zh-CN')).toBe('en');
  });

  it('follows the browser when nothing valid is saved: any Chinese gets Simplified Chinese', () => {
    for (const language of ['zh', 'zh-CN', 'zh-Hans-SG', 'zh-TW', 'ZH-cn']) {
      expect(pickInitialLocale(null, language)).toBe('zh-CN');
    }
    expect(pickInitialLocale('fr', 'zh-CN')).toBe('zh-CN');
  });

  it('falls back to English for every other language, or none', () => {
    expect(pickInitialLocale(null, 'en-GB')).toBe('en');
    expect(pickInitialLocale(null, 'de-DE')).toBe('en');
    expect(pickInitialLocale(null, undefined)).toBe('en');
  });
});
