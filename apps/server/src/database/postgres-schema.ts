/** TypeORM expects a configured PostgreSQL schema to exist already; create it on first start. */
import { DataSource } from 'typeorm';

export async function ensurePostgresSchema(url: string, schema: string): Promise<void> {
  const bootstrap = new DataSource({ type: 'postgres', url });
  await bootstrap.initialize();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
  } finally {
    await bootstrap.destroy();
  }
}
