import { slackSignature, slackSignatureMatches, slackTimestampFresh } from './slack-signature';

describe('Slack request signature', () => {
  // The worked example of https://docs.slack.dev/authentication/verifying-requests-from-slack.
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const timestamp = '1531420618';
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const documented = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it('computes the signature of Slack’s documented example', () => {
    expect(slackSignature(secret, timestamp, body)).toBe(documented);
    expect(slackSignatureMatches(secret, timestamp, Buffer.from(body), documented)).toBe(true);
  });

  it('refuses another secret, another timestamp, a changed body or a truncated signature', () => {
    expect(slackSignatureMatches('another-secret', timestamp, Buffer.from(body), documented)).toBe(false);
    expect(slackSignatureMatches(secret, '1531420619', Buffer.from(body), documented)).toBe(false);
    expect(slackSignatureMatches(secret, timestamp, Buffer.from(`${body}&x=1`), documented)).toBe(false);
    expect(slackSignatureMatches(secret, timestamp, Buffer.from(body), documented.slice(0, -1))).toBe(false);
  });

  it('takes timestamps within five minutes of the clock, either way, and nothing else', () => {
    const now = 1_531_420_618_000;
    expect(slackTimestampFresh('1531420618', now)).toBe(true);
    expect(slackTimestampFresh(String(1531420618 - 300), now)).toBe(true);
    expect(slackTimestampFresh(String(1531420618 - 301), now)).toBe(false);
    expect(slackTimestampFresh(String(1531420618 + 301), now)).toBe(false);
    expect(slackTimestampFresh('1531420618.5', now)).toBe(false);
    expect(slackTimestampFresh('', now)).toBe(false);
  });
});
