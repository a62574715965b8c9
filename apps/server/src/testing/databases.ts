/**
 * The databases medium specs run against: a fresh SQLite file, and PostgreSQL on 127.0.0.1 (database
 * `test`, a throwaway schema) where the product supports it for larger fleets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { DatabaseTarget } from '../config/config.schema';
import { dataSourceOptions } from '../database/data-source-options';
import { ensurePostgresSchema } from '../database/postgres-schema';

export const POSTGRES_TEST_URL =
  process.env.FLEETMEDIC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  dataSource: DataSource;
  drop(): Promise<void>;
}

export async function openTestDatabase(name: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (name === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetmedic-db-'));
    target = { kind: 'sqlite', path: path.join(dir, 'test.sqlite') };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `fm_test_${randomBytes(4).toString('hex')}`;
    target = { kind: 'postgres', url: POSTGRES_TEST_URL, schema };
    await ensurePostgresSchema(POSTGRES_TEST_URL, schema);
    cleanup = async () => {
      const admin = new DataSource({ type: 'postgres', url: POSTGRES_TEST_URL });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.destroy();
    };
  }
  const dataSource = new DataSource(dataSourceOptions(target));
  await dataSource.initialize();
  return {
    name,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await cleanup();
    },
  };
}
