import { describe, expect, it } from '@jest/globals';
import { ApiRequestError } from '../api/client';
import { createI18nFor } from '../i18n';
import { apiErrorText } from './api-error';

const en = createI18nFor('en').global.t;
const zh = createI18nFor('zh-CN').global.t;

describe('apiErrorText', () => {
  it('names the role a refused request needed, in either language', () => {
    const forbidden = new ApiRequestError(
      403,
      'FORBIDDEN',
      'This needs the operator role or higher; vivian acts as viewer.',
    );
    expect(apiErrorText(forbidden, en)).toBe(
      'This needs the Operator role or higher. An admin can give it to you.',
    );
    expect(apiErrorText(forbidden, zh)).toBe('此操作需要“运维”或更高角色，请联系管理员授予。');
  });

  it('still says what happened when a refusal does not name the role', () => {
    const forbidden = new ApiRequestError(403, 'FORBIDDEN', 'A token cannot mint a stronger token.');
    expect(apiErrorText(forbidden, en)).toBe(
      'Your role does not allow this. An admin can give you a higher one.',
    );
  });

  it("says the server cannot be reached, and otherwise passes on the server's sentence", () => {
    expect(apiErrorText(new ApiRequestError(0, 'NETWORK_ERROR', 'fetch failed'), en)).toMatch(
      /cannot be reached/,
    );
    const missing = new ApiRequestError(404, 'INCIDENT_NOT_FOUND', 'No incident nope.');
    expect(apiErrorText(missing, zh)).toBe('No incident nope.');
  });
});
