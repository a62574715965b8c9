/**
 * Signed, expiring links into the dashboard's approval of an incident, for chat platforms whose messages
 * cannot call FleetMedic back (DingTalk, WeCom, Teams, generic webhooks, and Slack or Feishu channels set up
 * without interactivity). A link only opens the incident's Fix panel: whoever follows it signs in and
 * approves as themselves after the usual preview, so a leaked link approves nothing.
 *
 * Token: base64url(JSON {v: 1, i: incident id, p: playbook id, e: expiry in epoch seconds}) "." base64url(
 * HMAC-SHA256(key, "fleetmedic.approval-link." + payload)). The key is 32 random bytes generated at first
 * start and kept in the `setting` table (like the job signing key), so every server instance on one
 * database accepts the links of the others, and links survive restarts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SettingsRepository } from '../database/settings.repository';

const KEY_SETTING = 'approval_link_key';
const CONTEXT = 'fleetmedic.approval-link.';
/** A link is valid this long after the message carrying it was written. */
export const APPROVAL_LINK_TTL_MS = 24 * 60 * 60_000;

export interface ApprovalLinkClaims {
  incidentId: string;
  playbookId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type ApprovalLinkCheck =
  { ok: true; claims: ApprovalLinkClaims } | { ok: false; reason: 'link-invalid' | 'link-expired' };

@Injectable()
export class ApprovalLinksService implements OnModuleInit {
  private readonly logger = new Logger('ApprovalLinks');
  private key: Buffer | undefined;

  constructor(private readonly settings: SettingsRepository) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.settings.find(KEY_SETTING);
    if (stored) {
      this.key = Buffer.from(stored.value, 'base64');
      return;
    }
    const key = randomBytes(32);
    await this.settings.save(KEY_SETTING, key.toString('base64'), new Date().toISOString());
    this.key = key;
    this.logger.log('Generated the approval link key; chat messages now carry signed approval links');
  }

  /** The token of a link to approve `playbookId` for the incident, valid from `nowMs` for 24 h. */
  sign(incidentId: string, playbookId: string, nowMs = Date.now()): string {
    const payload = Buffer.from(
      JSON.stringify({
        v: 1,
        i: incidentId,
        p: playbookId,
        e: Math.floor((nowMs + APPROVAL_LINK_TTL_MS) / 1000),
      }),
      'utf8',
    ).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  verify(token: string, nowMs = Date.now()): ApprovalLinkCheck {
    const [payload, mac, ...rest] = token.split('.');
    if (payload === undefined || mac === undefined || rest.length > 0)
      return { ok: false, reason: 'link-invalid' };
    const expected = Buffer.from(this.mac(payload), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'link-invalid' };
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'link-invalid' };
    }
    const { v, i, p, e } = (claims ?? {}) as Record<string, unknown>;
    if (v !== 1 || typeof i !== 'string' || typeof p !== 'string' || typeof e !== 'number')
      return { ok: false, reason: 'link-invalid' };
    if (e * 1000 <= nowMs) return { ok: false, reason: 'link-expired' };
    return { ok: true, claims: { incidentId: i, playbookId: p, expiresAt: e * 1000 } };
  }

  private mac(payload: string): string {
    if (!this.key) throw new Error('the approval link key is not loaded yet');
    return createHmac('sha256', this.key).update(`${CONTEXT}${payload}`, 'utf8').digest('base64url');
  }
}
