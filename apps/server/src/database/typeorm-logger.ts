/**
 * TypeORM's own messages through the server's logger: errors and slow queries with the SQL but never its
 * parameters (they carry whatever agents sent), instead of TypeORM printing to the console.
 */
import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';

/** Queries slower than this are logged as warnings. */
export const TYPEORM_SLOW_QUERY_MS = 1000;

export class TypeOrmLogger implements TypeOrmLoggerInterface {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Every query would drown the log; failures and slow ones are logged below.
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.error(
      `Query failed: ${error instanceof Error ? error.message : error} — ${query.slice(0, 500)}`,
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${query.slice(0, 500)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
