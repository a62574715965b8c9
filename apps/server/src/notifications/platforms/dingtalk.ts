/**
 * DingTalk custom robot, as DingTalk documents it ("自定义机器人接入",
 * https://open.dingtalk.com/document/robots/custom-robot-access, and its message types): a POST of
 * `{"msgtype": "markdown", "markdown": {"title", "text"}}` to the robot URL with its access_token; the
 * title is what the conversation list shows. Signing (加签): the string `timestamp + "\n" + secret`,
 * HmacSHA256 keyed with the secret, Base64, then URL-encoded, added to the URL as the `timestamp` (epoch
 * milliseconds, within an hour of DingTalk's clock) and `sign` query parameters. A robot sends at most 20
 * messages a minute; beyond that DingTalk throttles it for 10 minutes (errcode 130101). Without buttons in
 * markdown, actions (an approval link later) are links in the text.
 */
import { createHmac } from 'node:crypto';
import type { AlertMessage } from '../alert-message';
import { markdownBody } from './markdown';
import { clip } from './text-limits';

export function renderDingtalk(message: AlertMessage): unknown {
  return {
    msgtype: 'markdown',
    markdown: {
      title: clip(message.title, 100),
      text: markdownBody(message, { heading: (title) => `#### ${title}`, links: true }),
    },
  };
}

/** The `sign` value before URL-encoding: Base64 of HmacSHA256(secret, timestamp + "\n" + secret). */
export function dingtalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The robot URL with `timestamp` and `sign` (URL-encoded by URLSearchParams). */
export function signDingtalkUrl(url: URL, secret: string, nowMs: number): URL {
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(nowMs));
  signed.searchParams.set('sign', dingtalkSignature(secret, nowMs));
  return signed;
}
