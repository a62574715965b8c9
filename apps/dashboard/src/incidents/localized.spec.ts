import { describe, expect, it } from '@jest/globals';
import { localizedText } from './localized';

describe('localizedText', () => {
  it('picks the chosen language', () => {
    const text = { en: 'The parameter is incorrect.', 'zh-CN': '参数错误。' };
    expect(localizedText(text, 'zh-CN')).toBe('参数错误。');
    expect(localizedText(text, 'en')).toBe('The parameter is incorrect.');
  });

  it('falls back to English where the chosen language has no text', () => {
    expect(localizedText({ en: 'Access is denied.', 'zh-CN': ' ' }, 'zh-CN')).toBe('Access is denied.');
  });
});
