/**
 * People: created, changed and removed by admins, every change audited. There is always at least one
 * active admin. A user whose password changes, or who is disabled or deleted, loses their sessions at once.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { CreateUserRequest, UpdateUserRequest, User } from '@fleetmedic/protocol';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import type { RequestPrincipal } from '../auth/principal';
import { actorOf } from '../auth/principal';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { CredentialEvents } from './credential-events';
import { hashPassword } from './password-hasher';
import type { UserEntity } from './user.entity';
import { toUser } from './user-view';
import { UsersError, UsersErrorCode } from './users.errors';
import { UsersRepository } from './users.repository';

/** The account FLEETMEDIC_ADMIN_PASSWORD and FLEETMEDIC_BOOTSTRAP_TOKEN belong to. */
export const ADMIN_USERNAME = 'admin';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly credentialEvents: CredentialEvents,
  ) {}

  /**
   * First start: FLEETMEDIC_ADMIN_PASSWORD creates the `admin` user, or gives a password to an `admin` that
   * has none (made for the bootstrap token). An admin that already has a password keeps it: the variable
   * does not undo a change made since.
   */
  async onApplicationBootstrap(): Promise<void> {
    const password = this.config.auth.adminPassword;
    if (password === undefined) {
      if ((await this.users.list()).length === 0 && this.config.auth.bootstrapToken === undefined)
        this.logger.warn(
          'No user can sign in yet: set FLEETMEDIC_ADMIN_PASSWORD (or FLEETMEDIC_BOOTSTRAP_TOKEN)',
        );
      return;
    }
    const admin = await this.users.findByUsername(ADMIN_USERNAME);
    if (admin?.passwordHash) {
      this.logger.log(`User ${ADMIN_USERNAME} exists; FLEETMEDIC_ADMIN_PASSWORD is only used to create it`);
      return;
    }
    const account = await this.ensureAdminAccount();
    await this.users.record(account.id, { passwordHash: await hashPassword(password) });
    await this.audit.record({
      action: 'user.updated',
      outcome: 'success',
      actor: SYSTEM_ACTOR,
      target: `user:${account.id}`,
      detail: { username: ADMIN_USERNAME, passwordChanged: true, reason: 'FLEETMEDIC_ADMIN_PASSWORD' },
    });
    this.logger.log(`User ${ADMIN_USERNAME} can sign in with FLEETMEDIC_ADMIN_PASSWORD`);
  }

  private ensuringAdmin: Promise<UserEntity> | undefined;

  /** The `admin` account, created (without a password) when missing; concurrent callers share one. */
  ensureAdminAccount(): Promise<UserEntity> {
    this.ensuringAdmin ??= this.findOrCreateAdmin().finally(() => (this.ensuringAdmin = undefined));
    return this.ensuringAdmin;
  }

  private async findOrCreateAdmin(): Promise<UserEntity> {
    const existing = await this.users.findByUsername(ADMIN_USERNAME);
    if (existing) return existing;
    const admin: UserEntity = {
      id: randomUUID(),
      username: ADMIN_USERNAME,
      passwordHash: null,
      role: 'admin',
      createdAt: new Date().toISOString(),
      lastLoginAt: null,
      disabled: false,
    };
    await this.users.insert(admin);
    await this.audit.record({
      action: 'user.created',
      outcome: 'success',
      actor: SYSTEM_ACTOR,
      target: `user:${admin.id}`,
      detail: { username: admin.username, role: admin.role },
    });
    return admin;
  }

  async usernamesById(): Promise<Map<string, string>> {
    return new Map((await this.users.list()).map((user) => [user.id, user.username]));
  }

  async list(): Promise<User[]> {
    return (await this.users.list()).map(toUser);
  }

  async create(principal: RequestPrincipal, request: CreateUserRequest, ip: string): Promise<User> {
    const taken = await this.users.findByUsername(request.username);
    if (taken) throw new UsersError(UsersErrorCode.UsernameTaken, `username: ${taken.username} is taken.`);
    const user: UserEntity = {
      id: randomUUID(),
      username: request.username,
      passwordHash: await hashPassword(request.password),
      role: request.role,
      createdAt: new Date().toISOString(),
      lastLoginAt: null,
      disabled: false,
    };
    await this.users.insert(user);
    await this.audit.record({
      action: 'user.created',
      outcome: 'success',
      actor: actorOf(principal),
      target: `user:${user.id}`,
      ip,
      detail: { username: user.username, role: user.role },
    });
    return toUser(user);
  }

  async update(
    principal: RequestPrincipal,
    id: string,
    request: UpdateUserRequest,
    ip: string,
  ): Promise<User> {
    const user = await this.find(id);
    const fields: Partial<UserEntity> = {};
    const detail: Record<string, unknown> = { username: user.username };
    if (request.role !== undefined && request.role !== user.role) {
      fields.role = request.role;
      detail.role = { from: user.role, to: request.role };
    }
    if (request.disabled !== undefined && request.disabled !== user.disabled) {
      fields.disabled = request.disabled;
      detail.disabled = request.disabled;
    }
    if (request.password !== undefined) {
      fields.passwordHash = await hashPassword(request.password);
      detail.passwordChanged = true;
    }
    const endSessions = fields.passwordHash !== undefined || fields.disabled === true;
    if (!(await this.users.update(id, fields, { endSessions }))) throw lastAdmin();
    if (endSessions || fields.role !== undefined) this.credentialEvents.revoked({ userId: id });
    await this.audit.record({
      action: 'user.updated',
      outcome: 'success',
      actor: actorOf(principal),
      target: `user:${id}`,
      ip,
      detail,
    });
    return toUser({ ...user, ...fields });
  }

  async delete(principal: RequestPrincipal, id: string, ip: string): Promise<void> {
    const user = await this.find(id);
    if (!(await this.users.delete(id))) throw lastAdmin();
    this.credentialEvents.revoked({ userId: id });
    await this.audit.record({
      action: 'user.deleted',
      outcome: 'success',
      actor: actorOf(principal),
      target: `user:${id}`,
      ip,
      detail: { username: user.username, role: user.role },
    });
  }

  private async find(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new UsersError(UsersErrorCode.UserNotFound, `No user ${id}.`);
    return user;
  }
}

function lastAdmin(): UsersError {
  return new UsersError(
    UsersErrorCode.LastAdmin,
    'This is the last active admin; make another user admin first.',
  );
}
