/**
 * API tokens for automation: created by any signed-in user for themselves with at most their own role,
 * shown once, stored as a hash, revocable by their owner or an admin. FLEETMEDIC_BOOTSTRAP_TOKEN is kept
 * as one such token (admin), replaced when the variable changes and revoked when it is removed.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  roleAtLeast,
  type ApiToken,
  type CreateApiTokenRequest,
  type CreatedApiToken,
} from '@fleetmedic/protocol';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { hashSecretToken, newSecretToken } from '../common/secrets';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { CredentialEvents } from '../users/credential-events';
import { UsersService } from '../users/users.service';
import type { ApiTokenEntity } from './api-token.entity';
import { ApiTokensRepository } from './api-tokens.repository';
import { AuthError, AuthErrorCode } from './auth.errors';
import { type RequestPrincipal, actorOf } from './principal';

const DAY_MS = 24 * 60 * 60_000;
/** API tokens start with this, so that secret scanners and people recognize one. */
export const API_TOKEN_PREFIX = 'fmt_';

@Injectable()
export class ApiTokensService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiTokensService.name);

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly credentialEvents: CredentialEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.syncBootstrapToken(this.config.auth.bootstrapToken);
  }

  /** Admins see every token; everyone else their own. */
  async list(principal: RequestPrincipal): Promise<ApiToken[]> {
    const rows = await this.tokens.list(principal.role === 'admin' ? undefined : principal.user.id);
    const names = await this.users.usernamesById();
    return rows.map((row) => toApiToken(row, names.get(row.userId) ?? '(deleted)'));
  }

  async create(
    principal: RequestPrincipal,
    request: CreateApiTokenRequest,
    ip: string,
  ): Promise<CreatedApiToken> {
    const role = request.role ?? principal.role;
    if (!roleAtLeast(principal.role, role)) {
      throw new AuthError(
        AuthErrorCode.Forbidden,
        `role: a token may not exceed its creator's role (${principal.role}); asked for ${role}.`,
      );
    }
    const value = newSecretToken(API_TOKEN_PREFIX);
    const now = new Date();
    const token: ApiTokenEntity = {
      id: randomUUID(),
      userId: principal.user.id,
      name: request.name,
      role,
      tokenHash: hashSecretToken(value),
      createdAt: now.toISOString(),
      expiresAt:
        request.expiresInDays === undefined
          ? null
          : new Date(now.getTime() + request.expiresInDays * DAY_MS).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      bootstrap: false,
    };
    await this.tokens.insert(token);
    await this.audit.record({
      action: 'token.created',
      outcome: 'success',
      actor: actorOf(principal),
      target: `token:${token.id}`,
      ip,
      detail: { name: token.name, role, expiresAt: token.expiresAt },
    });
    return { token: toApiToken(token, principal.user.username), value };
  }

  async revoke(principal: RequestPrincipal, id: string, ip: string): Promise<ApiToken> {
    const token = await this.tokens.findById(id);
    // Someone else's token is "not found" to a non-admin: its existence is none of their business.
    if (!token || (token.userId !== principal.user.id && principal.role !== 'admin'))
      throw new AuthError(AuthErrorCode.TokenNotFound, `No API token ${id}.`);
    if (token.revokedAt === null) {
      token.revokedAt = new Date().toISOString();
      await this.tokens.update(id, { revokedAt: token.revokedAt });
      this.credentialEvents.revoked({ tokenId: id });
      await this.audit.record({
        action: 'token.revoked',
        outcome: 'success',
        actor: actorOf(principal),
        target: `token:${id}`,
        ip,
        detail: { name: token.name },
      });
    }
    const names = await this.users.usernamesById();
    return toApiToken(token, names.get(token.userId) ?? '(deleted)');
  }

  private async syncBootstrapToken(value: string | undefined): Promise<void> {
    const existing = await this.tokens.findBootstrap();
    const hash = value === undefined ? undefined : hashSecretToken(value);
    if (existing && existing.tokenHash === hash) {
      // Still flagged yet revoked: a person revoked it (the system clears the flag when it revokes one). A
      // leaked token must not come back with the next start; a new value of the variable makes a new one.
      if (existing.revokedAt !== null)
        this.logger.warn(
          'FLEETMEDIC_BOOTSTRAP_TOKEN was revoked through the API and stays revoked; give the variable a new value (or remove it)',
        );
      return;
    }
    if (existing && existing.revokedAt === null) {
      await this.tokens.update(existing.id, { revokedAt: new Date().toISOString(), bootstrap: false });
      await this.audit.record({
        action: 'token.revoked',
        outcome: 'success',
        actor: SYSTEM_ACTOR,
        target: `token:${existing.id}`,
        detail: { name: existing.name, reason: 'FLEETMEDIC_BOOTSTRAP_TOKEN changed or was removed' },
      });
    } else if (existing) {
      await this.tokens.update(existing.id, { bootstrap: false });
    }
    if (hash === undefined) return;
    const owner = await this.users.ensureAdminAccount();
    const earlier = await this.tokens.findByTokenHash(hash);
    if (earlier) {
      // The variable went back to a value it had before: that token comes back, as the owner's admin token.
      await this.tokens.update(earlier.id, {
        userId: owner.id,
        role: 'admin',
        revokedAt: null,
        bootstrap: true,
      });
      this.logger.log(`FLEETMEDIC_BOOTSTRAP_TOKEN accepted as an admin API token of ${owner.username}`);
      return;
    }
    const id = randomUUID();
    await this.tokens.insert({
      id,
      userId: owner.id,
      name: 'FLEETMEDIC_BOOTSTRAP_TOKEN',
      role: 'admin',
      tokenHash: hash,
      createdAt: new Date().toISOString(),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      bootstrap: true,
    });
    await this.audit.record({
      action: 'token.created',
      outcome: 'success',
      actor: SYSTEM_ACTOR,
      target: `token:${id}`,
      detail: { name: 'FLEETMEDIC_BOOTSTRAP_TOKEN', role: 'admin' },
    });
    this.logger.log(`FLEETMEDIC_BOOTSTRAP_TOKEN accepted as an admin API token of ${owner.username}`);
  }
}

function toApiToken(row: ApiTokenEntity, username: string): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    userId: row.userId,
    username,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
