/**
 * WeCom (企业微信) group robot, as WeCom documents it ("群机器人配置说明",
 * https://developer.work.weixin.qq.com/document/path/91770): a POST of
 * `{"msgtype": "markdown", "markdown": {"content"}}` to the robot URL with its key; markdown content at
 * most 4096 bytes of UTF-8; at most 20 messages a minute per robot (errcode 45009 when exceeded). The key
 * in the URL is the credential; WeCom robots are not signed.
 */
import type { AlertMessage } from '../alert-message';
import { markdownBody } from './markdown';
import { clipBytes } from './text-limits';

export function renderWecom(message: AlertMessage): unknown {
  const content = markdownBody(message, {
    heading: (title) =>
      `**<font color="${message.tone === 'good' ? 'info' : message.tone === 'alert' ? 'warning' : 'comment'}">${title}</font>**`,
    links: true,
  });
  return { msgtype: 'markdown', markdown: { content: clipBytes(content, 4096) } };
}
