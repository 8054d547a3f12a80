/**
 * A schema object held by a database server (PostgreSQL, MySQL/MariaDB) made readable by clean's one DuckDB pass.
 * The clean compiler (compile.ts) is DuckDB SQL, so the table is read ONCE through the engine's read-only cursor (its
 * sandboxed, READ ONLY session: nothing is written on the server), every value as the server prints it
 * (`Dialect.asText`, so no value passes through a JS number or Date), in the table's row order (`RowOrder`: the
 * primary key, else the physical order), and appended to an in-memory DuckDB table batch by batch: the client holds
 * one batch at a time, whatever the table's size. A view of casts gives the columns back their types.
 */
import { sqlIdent } from '../sandbox.js';
import type { ColumnInfo, DataSession } from '../session.js';

/** Rows fetched per round trip (and appended per batch). */
const BATCH = 10_000;

export interface ServerCopy {
  /** The DuckDB view (quoted) with `_source_row` first, then the table's columns under their own names and types. */
  relation: string;
  columns: ColumnInfo[];
  /** What `_source_row` numbers, in words (for the report). */
  rowOrder: string;
  /** Columns read as their text form (no DuckDB type holds them as they are). */
  asText: string[];
  /** Drops the copy (once the staged pass has read it). */
  dispose(): Promise<void>;
}

export async function copyServerTable(session: DataSession, contractUri: string, schemaName: string, n: number, opts: { limit?: number; signal?: AbortSignal }): Promise<ServerCopy> {
  const engine = session.engineOf(contractUri, schemaName);
  const source = session.source(contractUri, schemaName)!;
  const columns = session.columns(contractUri, schemaName) ?? [];
  if (!engine.stream || !engine.rowOrder) throw new Error(`${engine.id} cannot stream a table`);
  const d = engine.dialect;
  const order = await engine.rowOrder(source.table ?? schemaName, source.postgres?.schema);
  // The table itself with the --filter as a WHERE (not the derived table the session reads): ORDER BY ctid needs it.
  const table = session.serverTable(contractUri, schemaName);
  const from = table ? `${table.name} AS cl_src${table.where ? ` WHERE ${table.where}` : ''}` : `${session.relation(contractUri, schemaName)} AS cl_src`;
  const select = `SELECT ${columns.map((c, i) => `${d.asText(d.ident(c.name))} AS ${d.ident(`c${i}`)}`).join(', ')} FROM ${from}${order.orderBy.length ? ` ORDER BY ${order.orderBy.join(', ')}` : ''}`;
  const sql = opts.limit !== undefined ? d.limit(select, Math.floor(opts.limit)) : select;
  const safe = schemaName.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40);
  const raw = `clraw_${n}_${safe}`;
  const names = columns.map((_, i) => `c${i}`);
  await session.loadTextTable(raw, names, (append) =>
    engine.stream!(sql, BATCH, (rows) => append(rows.map((r) => names.map((k) => (r[k] === null || r[k] === undefined ? null : String(r[k]))))), { signal: opts.signal }).then(() => undefined),
  );
  const typed = columns.map((c, i) => ({ ...c, ...duckdbTypeOf(c.type, sqlIdent(`c${i}`)) }));
  const view = sqlIdent(`clsrc_${n}_${safe}`);
  await session.query(`CREATE VIEW ${view} AS SELECT _source_row, ${typed.map((c) => `${c.expr} AS ${sqlIdent(c.name)}`).join(', ')} FROM ${sqlIdent(raw)}`, { signal: opts.signal });
  return {
    relation: view,
    columns: typed.map((c) => ({ name: c.name, type: c.duck, nullable: c.nullable })),
    rowOrder: table?.where ? `${order.description}; with --filter, among the rows it selects` : order.description,
    asText: typed.filter((c) => c.duck === 'VARCHAR' && !TEXT.test(c.type)).map((c) => `${c.name} (${c.type})`),
    dispose: async () => {
      await session.query(`DROP VIEW IF EXISTS ${view}`);
      await session.query(`DROP TABLE IF EXISTS ${sqlIdent(raw)}`);
    },
  };
}

const TEXT = /^(text|character varying|varchar|character|char|bpchar|name|citext|tinytext|mediumtext|longtext|enum|set)\b/i;

/**
 * The DuckDB type a server column is read back as, and the expression that reads it from the server's text form.
 * Types DuckDB has no exact twin for (numeric beyond 38 digits, arrays, intervals, json, geometry…) stay text: the
 * contract's type then decides, by the casts clean tries (never forced).
 */
export function duckdbTypeOf(serverType: string, text: string): { duck: string; expr: string } {
  const t = serverType.trim().toLowerCase();
  const cast = (duck: string) => ({ duck, expr: `CAST(${text} AS ${duck})` });
  if (t.endsWith('[]')) return { duck: 'VARCHAR', expr: text };
  const unsigned = /\bunsigned\b/.test(t);
  const int = /^(tinyint|smallint|int2|mediumint|integer|int4|int|bigint|int8)\b/.exec(t)?.[1];
  if (int) {
    const base = { tinyint: 'TINYINT', smallint: 'SMALLINT', int2: 'SMALLINT', mediumint: 'INTEGER', integer: 'INTEGER', int4: 'INTEGER', int: 'INTEGER', bigint: 'BIGINT', int8: 'BIGINT' }[int]!;
    return cast(unsigned ? `U${base}` : base);
  }
  const dec = /^(numeric|decimal)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(t);
  if (dec) return Number(dec[2]) <= 38 ? cast(`DECIMAL(${dec[2]},${dec[3] ?? 0})`) : { duck: 'VARCHAR', expr: text };
  if (t === 'real' || t === 'float4' || t === 'float') return cast('FLOAT');
  if (t === 'double precision' || t === 'float8' || t === 'double') return cast('DOUBLE');
  if (t === 'boolean' || t === 'bool') return cast('BOOLEAN');
  if (t === 'date') return cast('DATE');
  if (/^(timestamp|datetime)(\s*\(\d+\))?( without time zone)?$/.test(t)) return cast('TIMESTAMP');
  if (/^timestamp(\s*\(\d+\))? with time zone$|^timestamptz$/.test(t)) return cast('TIMESTAMPTZ');
  if (/^time(\s*\(\d+\))?( without time zone)?$/.test(t)) return cast('TIME');
  if (t === 'uuid') return cast('UUID');
  // PostgreSQL prints bytea as `\x` and hex digits (bytea_output = hex, the default since 9.0).
  if (t === 'bytea') return { duck: 'BLOB', expr: `unhex(substr(${text}, 3))` };
  return { duck: 'VARCHAR', expr: text };
}
