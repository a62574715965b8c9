/**
 * Where a webhook may point. FleetMedic sends what an admin configures to the URL they give, from inside
 * the network it watches, so a URL is also a way to reach what only the server can reach (server-side
 * request forgery). The policy (docs/alerts.md):
 *
 * - https only, unless FLEETMEDIC_ALERT_ALLOW_HTTP is set; no user name or password in the URL.
 * - Never FleetMedic itself (its own port on a local address, or the origin of FLEETMEDIC_PUBLIC_URL).
 * - Never a loopback, private, link-local (the cloud metadata address 169.254.169.254 among them), shared,
 *   multicast or reserved address, unless the host is listed in FLEETMEDIC_ALERT_ALLOWED_HOSTS (an internal
 *   relay, say). Names are checked against every address they resolve to when a message is sent, and the
 *   connection goes to the address checked (no second lookup to rebind); redirects are not followed.
 * - The platform's URL shape where it is unmistakable: DingTalk's `access_token`, WeCom's `key`, Feishu's
 *   `/bot/v2/hook/` path.
 */
import { BlockList, isIP } from 'node:net';
import os from 'node:os';
import type { ChannelType } from '@fleetmedic/protocol';

export interface UrlPolicySettings {
  allowHttp: boolean;
  /** `host` or `host:port`, lower-case. */
  allowedHosts: readonly string[];
}

/** How to recognise FleetMedic itself: the port it listens on, and its public origin. */
export interface SelfAddress {
  port: number | null;
  publicOrigin: string | null;
}

const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: cloud metadata services live here
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');

const FORBIDDEN_NAMES = [/^localhost$/, /\.localhost$/, /^metadata(\.google\.internal)?$/, /\.internal$/];

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:1.2.3.4`, `::ffff:102:304`), or null. */
function ipv4Mapped(address: string): string | null {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex?.[1] || !hex[2]) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** Why an address may not be a webhook's, or null when it may. */
export function forbiddenAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return null;
  let checked = address;
  let kind: 'ipv4' | 'ipv6' = family === 4 ? 'ipv4' : 'ipv6';
  const mapped = ipv4Mapped(address);
  if (mapped !== null) {
    checked = mapped;
    kind = 'ipv4';
  }
  if (!FORBIDDEN.check(checked, kind)) return null;
  if (checked.startsWith('169.254.') || checked.toLowerCase().startsWith('fe80:'))
    return `${address} is a link-local address (where cloud metadata services answer)`;
  if (checked.startsWith('127.') || checked === '::1') return `${address} is a loopback address`;
  return `${address} is a private or reserved address`;
}

function hostOf(url: URL): string {
  return url.hostname.toLowerCase();
}

function defaultPort(url: URL): number {
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

/** Whether FLEETMEDIC_ALERT_ALLOWED_HOSTS lets this URL's host (and port) past the address rules. */
export function isAllowedHost(url: URL, settings: UrlPolicySettings): boolean {
  const host = hostOf(url);
  const port = defaultPort(url);
  return settings.allowedHosts.some((entry) => entry === host || entry === `${host}:${port}`);
}

function localAddresses(): Set<string> {
  const addresses = new Set<string>(['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost']);
  for (const entries of Object.values(os.networkInterfaces()))
    for (const entry of entries ?? []) addresses.add(entry.address.toLowerCase());
  return addresses;
}

/** Whether `host:port` (a name or an address the name resolved to) is FleetMedic itself. */
export function isSelf(host: string, port: number, url: URL, self: SelfAddress): boolean {
  if (self.publicOrigin !== null && url.origin === self.publicOrigin) return true;
  if (self.port === null || port !== self.port) return false;
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return localAddresses().has(bare) || bare.startsWith('127.') || /^::ffff:127\./.test(bare);
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** The checks that need no name lookup, run when a channel is saved; the field is `webhookUrl`. */
export function checkWebhookUrl(
  raw: string,
  type: ChannelType,
  settings: UrlPolicySettings,
  self: SelfAddress,
): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'expected an https:// URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && settings.allowHttp))
    return {
      ok: false,
      message:
        url.protocol === 'http:'
          ? 'expected an https:// URL: plain http would carry the alert and the URL unencrypted ' +
            '(the server allows http:// only with FLEETMEDIC_ALERT_ALLOW_HTTP=true)'
          : 'expected an https:// URL',
    };
  if (url.username !== '' || url.password !== '')
    return { ok: false, message: 'a webhook URL must not carry a user name or password' };
  const host = hostOf(url);
  const port = defaultPort(url);
  if (isSelf(host, port, url, self))
    return {
      ok: false,
      message: 'this URL points to FleetMedic itself; give the chat platform’s webhook URL',
    };
  if (!isAllowedHost(url, settings)) {
    const bare = host.replace(/^\[|\]$/g, '');
    const reason =
      forbiddenAddressReason(bare) ??
      (FORBIDDEN_NAMES.some((pattern) => pattern.test(bare)) ? `${bare} is a local or internal name` : null);
    if (reason !== null)
      return {
        ok: false,
        message:
          `refused: ${reason}. Webhooks go to the chat platform; an internal relay must be listed in ` +
          'FLEETMEDIC_ALERT_ALLOWED_HOSTS on the server',
      };
  }
  const shape = platformShapeProblem(url, type);
  return shape === null ? { ok: true, url } : { ok: false, message: shape };
}

/** Feishu's send-message API, which an app bot posts to (receive_id_type=chat_id). */
export function isFeishuSendMessageUrl(url: URL): boolean {
  return (
    url.pathname.replace(/\/+$/, '').endsWith('/open-apis/im/v1/messages') &&
    url.searchParams.get('receive_id_type') === 'chat_id'
  );
}

function platformShapeProblem(url: URL, type: ChannelType): string | null {
  switch (type) {
    case 'dingtalk':
      return url.searchParams.get('access_token')
        ? null
        : 'expected the DingTalk robot URL with its access_token, e.g. https://oapi.dingtalk.com/robot/send?access_token=…';
    case 'wecom':
      return url.searchParams.get('key')
        ? null
        : 'expected the WeCom group robot URL with its key, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…';
    case 'feishu':
      return url.pathname.includes('/bot/v2/hook/') || isFeishuSendMessageUrl(url)
        ? null
        : 'expected the Feishu/Lark custom bot URL, e.g. https://open.feishu.cn/open-apis/bot/v2/hook/…, or for an app bot the send-message API, https://open.feishu.cn/open-apis/im/v1/messages?receive_id_type=chat_id';
    case 'slack':
    case 'teams':
    case 'webhook':
      return null;
  }
}
