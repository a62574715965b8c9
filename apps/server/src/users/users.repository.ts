/** Queries over users. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** User names are told apart without regard to case, as Windows account names are (`Admin` is `admin`). */
  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('user')
      .where('LOWER(user.username) = LOWER(:username)', { username })
      .getOne();
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  async insert(user: UserEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.insert(UserEntity, user));
  }

  /** Records what does not touch who may do what: the last login, a first password. */
  async record(id: string, fields: Pick<Partial<UserEntity>, 'lastLoginAt' | 'passwordHash'>): Promise<void> {
    await this.writes.transaction((manager) => manager.update(UserEntity, { id }, fields));
  }

  /**
   * Updates a user; with `endSessions`, their sessions end in the same transaction. Returns false, changing
   * nothing, when the change would leave no active admin.
   */
  async update(
    id: string,
    fields: Partial<Omit<UserEntity, 'id'>>,
    options: { endSessions?: boolean } = {},
  ): Promise<boolean> {
    return this.keepingAnAdmin(async (manager) => {
      if (Object.keys(fields).length > 0) await manager.update(UserEntity, { id }, fields);
      if (options.endSessions) await deleteRowsOf(manager, 'user_session', id);
    });
  }

  /** Deletes the user with their sessions and tokens, all or nothing; false when it would leave no active admin. */
  async delete(id: string): Promise<boolean> {
    return this.keepingAnAdmin(async (manager) => {
      await deleteRowsOf(manager, 'user_session', id);
      await deleteRowsOf(manager, 'api_token', id);
      await deleteRowsOf(manager, 'chat_identity', id);
      await manager.delete(UserEntity, { id });
    });
  }

  /**
   * Runs `change` and keeps it only if an active admin remains, checked inside the same transaction so
   * that two admins demoting each other at once cannot both succeed. SQLite writes take turns (see
   * DatabaseWrites); on PostgreSQL the admins' rows are locked first, so the second change waits for the
   * first and then sees it.
   */
  private async keepingAnAdmin(change: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    try {
      await this.writes.transaction(async (manager) => {
        const admins = () =>
          manager
            .createQueryBuilder(UserEntity, 'user')
            .where('user.role = :role AND user.disabled = :disabled', { role: 'admin', disabled: false });
        if (manager.connection.options.type === 'postgres')
          await admins().setLock('pessimistic_write').getMany();
        await change(manager);
        if ((await admins().getCount()) === 0) throw new NoAdminLeft();
      });
      return true;
    } catch (error) {
      if (error instanceof NoAdminLeft) return false;
      throw error;
    }
  }
}

class NoAdminLeft extends Error {}

/** Sessions, tokens and chat identities belong to other domains; the user's own rows go with the user. */
async function deleteRowsOf(
  manager: EntityManager,
  table: 'user_session' | 'api_token' | 'chat_identity',
  userId: string,
) {
  await manager.createQueryBuilder().delete().from(table).where('user_id = :userId', { userId }).execute();
}
