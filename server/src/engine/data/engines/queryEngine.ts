/**
 * What the shared parts of engine/data (the check runner, preview, drift) need of an SQL engine holding a schema
 * object's data: its dialect, and trusted and untrusted queries. DuckDB (the in-memory session over files and DuckDB
 * databases) and each PostgreSQL server of a session are QueryEngines; two schema objects can be joined in one query
 * only when they have the same engine `id`.
 */
import type { Dialect } from '../dialects/dialect.js';

export interface EngineQueryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  maxRows?: number;
}

/** How the rows of a table are numbered when it is read whole (clean's `_source_row`), and that in words. */
export interface RowOrder {
  /** SQL expressions of the ORDER BY (empty: the engine's own order). */
  orderBy: string[];
  description: string;
}

export interface QueryEngine {
  /** `duckdb`, or `postgres://host:port/db` for a PostgreSQL server: same id, same engine, joins push down. */
  readonly id: string;
  readonly dialect: Dialect;
  /** Engine-generated SQL. */
  query(sql: string, opts?: EngineQueryOptions): Promise<Record<string, unknown>[]>;
  /** SQL from a contract: one read-only query, sandboxed by the engine, else throws UntrustedSqlRejected. */
  queryUntrusted(sql: string, opts?: EngineQueryOptions): Promise<Record<string, unknown>[]>;
  /** Streams the rows of an engine-generated query in batches; returns how many. */
  stream?(sql: string, batch: number, onRows: (rows: Record<string, unknown>[]) => Promise<void> | void, opts?: EngineQueryOptions): Promise<number>;
  /** The row order of a table of this engine (database engines). */
  rowOrder?(table: string, schema?: string): Promise<RowOrder>;
}
