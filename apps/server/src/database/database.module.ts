/** The database connection for the configured target, migrated to the current schema at start. */
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DatabaseTarget } from '../config/config.schema';
import { dataSourceOptions } from './data-source-options';
import { DatabaseWritesModule } from './database-writes.module';
import { ensurePostgresSchema } from './postgres-schema';

@Module({})
export class DatabaseModule {
  static forRoot(database: DatabaseTarget): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            if (database.kind === 'postgres' && database.schema)
              await ensurePostgresSchema(database.url, database.schema);
            return dataSourceOptions(database);
          },
        }),
        DatabaseWritesModule,
      ],
    };
  }
}
