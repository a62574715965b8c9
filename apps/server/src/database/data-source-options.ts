/**
 * TypeORM options for the configured database: SQLite in WAL mode by default (one file, no setup),
 * PostgreSQL when DATABASE_URL says so. The schema only ever changes through the committed migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseTarget } from '../config/config.schema';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { TYPEORM_SLOW_QUERY_MS, TypeOrmLogger } from './typeorm-logger';

/**
 * TypeORM switches sqlite3 to verbose mode, which records a stack trace on every call: a fifth of the
 * ingest path's time. This driver answers `verbose()` with itself, so that never happens.
 */
const SQLITE_WITHOUT_TRACING: Record<string, unknown> = { ...sqlite3, verbose: () => SQLITE_WITHOUT_TRACING };

export function dataSourceOptions(database: DatabaseTarget): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: TYPEORM_SLOW_QUERY_MS,
  };
  switch (database.kind) {
    case 'sqlite':
      if (database.path !== ':memory:')
        fs.mkdirSync(path.dirname(path.resolve(database.path)), { recursive: true });
      return {
        ...common,
        type: 'sqlite',
        database: database.path,
        driver: SQLITE_WITHOUT_TRACING,
        // WAL lets the dashboard read while ingest writes; the busy timeout rides out checkpoints.
        enableWAL: true,
        busyTimeout: 5000,
      };
    case 'postgres':
      return {
        ...common,
        type: 'postgres',
        url: database.url,
        ...(database.schema === undefined ? {} : { schema: database.schema }),
      };
  }
}
