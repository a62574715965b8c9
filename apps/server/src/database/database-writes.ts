/**
 * Every write goes through here. TypeORM's SQLite driver runs all queries on one connection, so two
 * transactions begun at once (ingest and correlation, say) collide ("cannot start a transaction within a
 * transaction"), and a plain write issued meanwhile would join someone else's transaction. On SQLite,
 * writes therefore take turns; PostgreSQL gives each transaction its own pooled connection.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

@Injectable()
export class DatabaseWrites {
  private readonly oneAtATime: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.oneAtATime = dataSource.options.type === 'sqlite';
  }

  /** Runs `work` in a transaction: all of it is written, or none. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.oneAtATime) return this.dataSource.transaction(work);
    const turn = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
