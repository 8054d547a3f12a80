/** What PostgreSQL's catalog says of a table: columns with their declared type and real nullability. */
import type pg from 'pg';

export interface CatalogColumn {
  name: string;
  /** format_type(): `bigint`, `character varying(20)`, `timestamp with time zone`, `numeric(10,2)`, `text[]`. */
  type: string;
  nullable: boolean;
}

/**
 * Columns of `schema.table` (a table, view, materialized view or foreign table), in order. Empty when the relation
 * does not exist or the role cannot see it.
 */
export async function tableColumns(client: pg.ClientBase, schema: string, table: string): Promise<CatalogColumn[]> {
  const res = await client.query<{ name: string; type: string; notnull: boolean }>({
    text: `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
             FROM pg_catalog.pg_attribute a
             JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum`,
    values: [schema, table],
  });
  return res.rows.map((r) => ({ name: r.name, type: r.type, nullable: !r.notnull }));
}

/** The tables and views of a schema (for `init --from postgres://…` and messages naming what exists). */
export async function schemaTables(client: pg.ClientBase, schema: string): Promise<string[]> {
  const res = await client.query<{ name: string }>({
    text: `SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'f', 'p') ORDER BY 1`,
    values: [schema],
  });
  return res.rows.map((r) => r.name);
}
