/** Queries over dashboard sessions. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { SessionEntity } from './session.entity';

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  findByTokenHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.sessions.findOneBy({ tokenHash });
  }

  async insert(session: SessionEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.insert(SessionEntity, session));
  }

  async extend(id: string, expiresAt: string): Promise<void> {
    await this.writes.transaction((manager) => manager.update(SessionEntity, { id }, { expiresAt }));
  }

  async delete(id: string): Promise<void> {
    await this.writes.transaction((manager) => manager.delete(SessionEntity, { id }));
  }

  async deleteExpired(now: string): Promise<void> {
    await this.writes.transaction((manager) => manager.delete(SessionEntity, { expiresAt: LessThan(now) }));
  }
}
