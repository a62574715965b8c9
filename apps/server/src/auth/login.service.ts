/**
 * Password login and logout for the dashboard. Failed attempts are counted per user name and address and per
 * address; past the limit the answer is 429 without even checking the password, so guessing stays slow.
 * Every outcome is audited.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { LoginRequest } from '@fleetmedic/protocol';
import { AuditService, anonymousActor } from '../audit/audit.service';
import { hashSecretToken, newSecretToken } from '../common/secrets';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { CredentialEvents } from '../users/credential-events';
import { verifyPassword } from '../users/password-hasher';
import { UsersRepository } from '../users/users.repository';
import { AuthError, AuthErrorCode } from './auth.errors';
import { sessionExpiry } from './authenticator.service';
import { FailureLimiter } from './failure-limiter';
import { type RequestPrincipal, actorOf, userActor } from './principal';
import { SessionsRepository } from './sessions.repository';

const FAILURE_WINDOW_MS = 15 * 60_000;
/** An address may fail this many times more often than one user name at it (a shared NAT, say). */
const ADDRESS_FACTOR = 5;

export interface LoginResult {
  principal: RequestPrincipal;
  /** The cookie's value: shown to the browser once, stored only as a hash. */
  sessionToken: string;
  expiresAt: string;
}

@Injectable()
export class LoginService {
  private readonly perUserAtAddress: FailureLimiter;
  private readonly perAddress: FailureLimiter;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly credentialEvents: CredentialEvents,
  ) {
    const max = config.auth.loginMaxFailures;
    this.perUserAtAddress = new FailureLimiter(max, FAILURE_WINDOW_MS);
    this.perAddress = new FailureLimiter(max * ADDRESS_FACTOR, FAILURE_WINDOW_MS);
  }

  async login(request: LoginRequest, ip: string): Promise<LoginResult> {
    const userKey = `${request.username.toLowerCase()}|${ip}`;
    const wait = Math.max(
      this.perUserAtAddress.retryAfterSeconds(userKey),
      this.perAddress.retryAfterSeconds(ip),
    );
    if (wait > 0) {
      await this.audit.record({
        action: 'auth.login',
        outcome: 'denied',
        actor: anonymousActor(request.username),
        ip,
        detail: { reason: 'too many failed attempts', retryAfterSeconds: wait },
      });
      throw new AuthError(
        AuthErrorCode.TooManyAttempts,
        `Too many failed logins; try again in ${Math.ceil(wait / 60)} minute(s).`,
        wait,
      );
    }

    // Counted before the password is checked, in the same tick as the limit test above: attempts made in
    // parallel cannot all pass the test while the slow hash of the first is still running.
    this.perUserAtAddress.fail(userKey);
    this.perAddress.fail(ip);
    const user = await this.users.findByUsername(request.username);
    const passwordOk = await verifyPassword(request.password, user?.passwordHash ?? null);
    if (!user || !passwordOk || user.disabled) {
      await this.audit.record({
        action: 'auth.login',
        outcome: 'failure',
        actor: user ? userActor(user) : anonymousActor(request.username),
        ip,
        detail: { reason: !user ? 'unknown user' : !passwordOk ? 'wrong password' : 'user disabled' },
      });
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'Wrong user name or password.');
    }

    this.perUserAtAddress.succeed(userKey);
    this.perAddress.forgive(ip);
    const now = new Date();
    const sessionToken = newSecretToken();
    const session = {
      id: randomUUID(),
      userId: user.id,
      tokenHash: hashSecretToken(sessionToken),
      createdAt: now.toISOString(),
      expiresAt: sessionExpiry(now.toISOString(), now.getTime(), this.config.auth.sessionTtlMs),
    };
    await this.sessions.insert(session);
    await this.users.record(user.id, { lastLoginAt: session.createdAt });
    user.lastLoginAt = session.createdAt;
    const principal: RequestPrincipal = { user, role: user.role, via: 'session', sessionId: session.id };
    await this.audit.record({ action: 'auth.login', outcome: 'success', actor: actorOf(principal), ip });
    void this.sessions.deleteExpired(now.toISOString()).catch(() => undefined);
    return { principal, sessionToken, expiresAt: session.expiresAt };
  }

  async logout(principal: RequestPrincipal, ip: string): Promise<void> {
    if (principal.sessionId === undefined) return;
    await this.sessions.delete(principal.sessionId);
    this.credentialEvents.revoked({ sessionId: principal.sessionId });
    await this.audit.record({ action: 'auth.logout', outcome: 'success', actor: actorOf(principal), ip });
  }
}
