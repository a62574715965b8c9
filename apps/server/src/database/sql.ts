/**
 * Multi-row statements written as SQL, for the hot ingest path where TypeORM's query builder spends more
 * time on parameters than the database spends on the rows. The same SQL runs on SQLite (3.35+) and
 * PostgreSQL; only placeholders differ (`?` and `$n`).
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(manager: EntityManager): SqlDialect {
  return manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** `(?,?,?),(?,?,?)` or `($1,$2,$3),($4,$5,$6)` for `rows` rows of `columns` values. */
export function valuesPlaceholders(dialect: SqlDialect, rows: number, columns: number): string {
  const groups: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const cells: string[] = [];
    for (let column = 0; column < columns; column += 1) {
      cells.push(dialect === 'sqlite' ? '?' : `$${row * columns + column + 1}`);
    }
    groups.push(`(${cells.join(',')})`);
  }
  return groups.join(',');
}

/** A column list with every name quoted (`check` is a keyword in both dialects). */
export function columnList(columns: readonly string[]): string {
  return columns.map((column) => `"${column}"`).join(',');
}

/** The entity's table, schema-qualified and quoted. */
export function tableOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  const { driver } = manager.connection;
  return manager.connection
    .getMetadata(entity)
    .tablePath.split('.')
    .map((part) => driver.escape(part))
    .join('.');
}
