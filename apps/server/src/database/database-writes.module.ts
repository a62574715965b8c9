import { Global, Module } from '@nestjs/common';
import { DatabaseWrites } from './database-writes';

/** Makes DatabaseWrites one instance for the whole server: the turn-taking only works if it is shared. */
@Global()
@Module({ providers: [DatabaseWrites], exports: [DatabaseWrites] })
export class DatabaseWritesModule {}
