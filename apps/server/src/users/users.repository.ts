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

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  countActiveAdmins(): Promise<number> {
    return this.users.countBy({ role: 'admin', disabled: false });
  }

  async insert(user: UserEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.insert(UserEntity, user));
  }

  /** Updates a user; with `endSessions`, their sessions end in the same transaction. */
  async update(
    id: string,
    fields: Partial<Omit<UserEntity, 'id'>>,
    options: { endSessions?: boolean } = {},
  ): Promise<void> {
    await this.writes.transaction(async (manager) => {
      if (Object.keys(fields).length > 0) await manager.update(UserEntity, { id }, fields);
      if (options.endSessions) await deleteRowsOf(manager, 'user_session', id);
    });
  }

  /** Deletes the user with their sessions and tokens, all or nothing. */
  async delete(id: string): Promise<void> {
    await this.writes.transaction(async (manager) => {
      await deleteRowsOf(manager, 'user_session', id);
      await deleteRowsOf(manager, 'api_token', id);
      await manager.delete(UserEntity, { id });
    });
  }
}

/** Sessions and tokens belong to the auth domain; the user's own rows go with the user. */
async function deleteRowsOf(manager: EntityManager, table: 'user_session' | 'api_token', userId: string) {
  await manager.createQueryBuilder().delete().from(table).where('user_id = :userId', { userId }).execute();
}
