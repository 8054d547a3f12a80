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

/** Keys the catalog declares on a table (init writes them as primaryKey, unique and relationships). */
export interface CatalogKeys {
  primaryKey: string[];
  /** Single-column unique constraints and unique indexes (no predicate, no expression). */
  unique: string[];
  foreignKeys: { columns: string[]; schema: string; table: string; refColumns: string[] }[];
}

export async function tableKeys(client: pg.ClientBase, schema: string, table: string): Promise<CatalogKeys> {
  const indexes = await client.query<{ pk: boolean; cols: string[] }>({
    text: `SELECT i.indisprimary AS pk,
                  (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols
             FROM pg_catalog.pg_index i
             JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND (i.indisprimary OR i.indisunique) AND i.indpred IS NULL AND i.indexprs IS NULL`,
    values: [schema, table],
  });
  const fks = await client.query<{ cols: string[]; ref_schema: string; ref_table: string; ref_cols: string[] }>({
    text: `SELECT rn.nspname AS ref_schema, rc.relname AS ref_table,
                  (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS cols,
                  (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_cols
             FROM pg_catalog.pg_constraint con
             JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
             JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE con.contype = 'f' AND n.nspname = $1 AND c.relname = $2
            ORDER BY con.conname`,
    values: [schema, table],
  });
  return {
    primaryKey: indexes.rows.find((r) => r.pk)?.cols ?? [],
    unique: indexes.rows.filter((r) => !r.pk && r.cols.length === 1).map((r) => r.cols[0]),
    foreignKeys: fks.rows.map((r) => ({ columns: r.cols, schema: r.ref_schema, table: r.ref_table, refColumns: r.ref_cols })),
  };
}

/**
 * The order in which a table's rows are numbered when they are read whole (clean's `_source_row`): the table's own
 * primary key when it has one (stable across VACUUM FULL and updates); else, for a plain table or a materialized
 * view, its physical order (`ctid`, with `tableoid` first for a partitioned table): mostly the load order, but
 * PostgreSQL may put a row into free space of an earlier page, and an UPDATE moves it; stable while the table is not
 * written to. A view has no order of its own (empty).
 */
export async function tableRowOrder(client: pg.ClientBase, schema: string, table: string): Promise<{ columns: string[]; physical: string[]; kind: string }> {
  const rel = await client.query<{ kind: string; oid: number }>({
    text: `SELECT c.relkind AS kind, c.oid::int AS oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    values: [schema, table],
  });
  const kind = rel.rows[0]?.kind ?? '';
  if (!rel.rows.length) return { columns: [], physical: [], kind };
  const pk = await client.query<{ name: string }>({
    text: `SELECT a.attname AS name FROM pg_catalog.pg_index i
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = $1 AND i.indisprimary ORDER BY k.n`,
    values: [rel.rows[0].oid],
  });
  const physical = kind === 'r' || kind === 'm' ? ['ctid'] : kind === 'p' ? ['tableoid', 'ctid'] : [];
  return { columns: pk.rows.map((r) => r.name), physical, kind };
}
