/**
 * What MySQL's/MariaDB's information_schema says of a database's tables: which exist, and the keys declared on one
 * (for `contractlens init --from mysql://…`). Columns are read by connection.ts.
 */
import type { CatalogKeys } from '../postgres/catalog.js';

/** Runs a parameterised catalog query on the read-only session. */
export type CatalogQuery = (sql: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/** Base tables and views of a database, by name. */
export async function databaseTables(run: CatalogQuery, database: string): Promise<string[]> {
  const rows = await run('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name', [database]);
  return rows.map((r) => String(r.name));
}

/**
 * From key_column_usage alone: MariaDB hides table_constraints and referential_constraints from a SELECT-only user
 * (the user Contract Lens should connect as), but shows it the key columns. `PRIMARY` is the primary key, a
 * referenced table makes a foreign key, anything else is a unique key.
 */
export async function tableKeys(run: CatalogQuery, database: string, table: string): Promise<CatalogKeys> {
  const rows = await run(
    `SELECT constraint_name AS name, column_name AS col, referenced_table_schema AS ref_schema, referenced_table_name AS ref_table, referenced_column_name AS ref_col
       FROM information_schema.key_column_usage
      WHERE table_schema = ? AND table_name = ?
      ORDER BY constraint_name, ordinal_position`,
    [database, table],
  );
  const byConstraint = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) byConstraint.set(String(r.name), [...(byConstraint.get(String(r.name)) ?? []), r]);
  const keys: CatalogKeys = { primaryKey: [], unique: [], foreignKeys: [] };
  for (const [name, group] of byConstraint) {
    const cols = group.map((r) => String(r.col));
    if (name === 'PRIMARY') keys.primaryKey = cols;
    else if (group[0].ref_table) keys.foreignKeys.push({ columns: cols, schema: String(group[0].ref_schema), table: String(group[0].ref_table), refColumns: group.map((r) => String(r.ref_col)) });
    else if (cols.length === 1) keys.unique.push(cols[0]);
  }
  return keys;
}
