import { describe, expect, it } from '@jest/globals';
import { ApiRequestError } from '../api/client';
import { createI18nFor } from '../i18n';
import { loginFailureText } from './login-failure';

const en = createI18nFor('en').global.t;
const zh = createI18nFor('zh-CN').global.t;

describe('loginFailureText', () => {
  it('says the user name or password is wrong, in either language', () => {
    const wrong = new ApiRequestError(401, 'INVALID_CREDENTIALS', 'Wrong user name or password.');
    expect(loginFailureText(wrong, en)).toBe('Wrong user name or password.');
    expect(loginFailureText(wrong, zh)).toBe('用户名或密码错误。');
  });

  it('says how many minutes to wait after too many attempts, from Retry-After, rounded up', () => {
    const locked = (seconds: number | null) =>
      new ApiRequestError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed logins.', [], seconds);
    expect(loginFailureText(locked(900), en)).toBe('Too many failed sign-ins. Try again in 15 min.');
    expect(loginFailureText(locked(61), en)).toContain('in 2 min');
    expect(loginFailureText(locked(5), en)).toContain('in 1 min');
    expect(loginFailureText(locked(900), zh)).toBe('登录失败次数过多，请 15 分钟后再试。');
    expect(loginFailureText(locked(null), en)).toBe('Too many failed sign-ins. Try again later.');
  });

  it('says the server cannot be reached when nothing, or something other than the server, answers', () => {
    const unreachable = 'The FleetMedic server cannot be reached. Check that it is running, then try again.';
    expect(loginFailureText(new ApiRequestError(0, 'NETWORK_ERROR', 'fetch failed'), en)).toBe(unreachable);
    expect(loginFailureText(new ApiRequestError(502, 'HTTP_502', 'Bad Gateway'), en)).toBe(unreachable);
    expect(loginFailureText(new ApiRequestError(200, 'BAD_RESPONSE', 'not JSON'), en)).toBe(unreachable);
    expect(loginFailureText(new ApiRequestError(0, 'NETWORK_ERROR', 'fetch failed'), zh)).toBe(
      '无法连接 FleetMedic 服务器，请确认其正在运行后重试。',
    );
  });

  it("passes on the server's reason for any other refusal", () => {
    const malformed = new ApiRequestError(400, 'INVALID_REQUEST', 'username: expected a user name');
    expect(loginFailureText(malformed, en)).toBe(
      'The server refused to sign you in: username: expected a user name',
    );
    expect(loginFailureText(malformed, zh)).toBe('服务器拒绝了登录：username: expected a user name');
  });
});
