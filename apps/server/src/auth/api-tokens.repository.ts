/** Queries over API tokens. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FindOptionsWhere, Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { ApiTokenEntity } from './api-token.entity';

@Injectable()
export class ApiTokensRepository {
  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  findByTokenHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  findById(id: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ id });
  }

  findBootstrap(): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ bootstrap: true });
  }

  /** Every token, or one user's, newest first. */
  list(userId?: string): Promise<ApiTokenEntity[]> {
    const where: FindOptionsWhere<ApiTokenEntity> = userId === undefined ? {} : { userId };
    return this.tokens.find({ where, order: { createdAt: 'DESC' } });
  }

  async insert(token: ApiTokenEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.insert(ApiTokenEntity, token));
  }

  async update(id: string, fields: Partial<Omit<ApiTokenEntity, 'id'>>): Promise<void> {
    await this.writes.transaction((manager) => manager.update(ApiTokenEntity, { id }, fields));
  }
}
