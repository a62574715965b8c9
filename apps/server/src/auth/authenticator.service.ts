/**
 * Turns presented credentials (a Bearer API token or the session cookie) into a principal, or says why not.
 * Used by the HTTP guard, the `/live` handshake and the API docs. A disabled or deleted user, a revoked or
 * expired token and an expired session all fail here, at once.
 */
import { Inject, Injectable } from '@nestjs/common';
import { lowerRole } from '@fleetmedic/protocol';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { hashSecretToken } from '../common/secrets';
import { UsersRepository } from '../users/users.repository';
import { ApiTokensRepository } from './api-tokens.repository';
import type { PresentedCredentials } from './credentials';
import type { RequestPrincipal } from './principal';
import { SessionsRepository } from './sessions.repository';

/** Usage stamps (token last used, session extended) are written at most this often per credential. */
const STAMP_INTERVAL_MS = 60_000;

export type Authentication =
  { ok: true; principal: RequestPrincipal } | { ok: false; reason: 'missing' | 'invalid' };

@Injectable()
export class AuthenticatorService {
  private readonly lastStamped = new Map<string, number>();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly users: UsersRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  async authenticate(credentials: PresentedCredentials): Promise<Authentication> {
    if (credentials.bearer !== undefined) return this.byToken(credentials.bearer);
    if (credentials.session !== undefined) return this.bySession(credentials.session);
    return { ok: false, reason: 'missing' };
  }

  private async byToken(value: string): Promise<Authentication> {
    const token = await this.tokens.findByTokenHash(hashSecretToken(value));
    const now = new Date();
    if (!token || token.revokedAt !== null || (token.expiresAt !== null && new Date(token.expiresAt) <= now))
      return { ok: false, reason: 'invalid' };
    const user = await this.users.findById(token.userId);
    if (!user || user.disabled) return { ok: false, reason: 'invalid' };
    if (this.due(`token:${token.id}`, now.getTime()))
      void this.tokens.update(token.id, { lastUsedAt: now.toISOString() }).catch(() => undefined);
    return {
      ok: true,
      principal: { user, role: lowerRole(token.role, user.role), via: 'token', tokenId: token.id },
    };
  }

  private async bySession(value: string): Promise<Authentication> {
    const session = await this.sessions.findByTokenHash(hashSecretToken(value));
    const now = Date.now();
    if (!session || new Date(session.expiresAt).getTime() <= now) return { ok: false, reason: 'invalid' };
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return { ok: false, reason: 'invalid' };
    if (this.due(`session:${session.id}`, now)) {
      const expiresAt = sessionExpiry(session.createdAt, now, this.config.auth.sessionTtlMs);
      void this.sessions.extend(session.id, expiresAt).catch(() => undefined);
    }
    return { ok: true, principal: { user, role: user.role, via: 'session', sessionId: session.id } };
  }

  private due(key: string, now: number): boolean {
    const last = this.lastStamped.get(key) ?? 0;
    if (now - last < STAMP_INTERVAL_MS) return false;
    if (this.lastStamped.size > 50_000) this.lastStamped.clear();
    this.lastStamped.set(key, now);
    return true;
  }
}

/** However active, a session ends this long after the login. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60_000;

/** A session lives `ttlMs` past its last use, never past SESSION_MAX_AGE_MS after it began. */
export function sessionExpiry(createdAt: string, now: number, ttlMs: number): string {
  return new Date(Math.min(now + ttlMs, new Date(createdAt).getTime() + SESSION_MAX_AGE_MS)).toISOString();
}
