/**
 * Which SQL dialect a contract's `sql` rules are written in: the dialect of the server they run on (ODCS `servers[].type`).
 * Servers read through DuckDB (files, object stores, DuckDB databases) use DuckDB's own parser; database servers use the
 * node-sql-parser grammar closest to their engine. A server type no parser covers (oracle, kafka, an API…) has no
 * dialect: its SQL is not judged at all, rather than judged by the wrong grammar.
 */
import type { SqlDialect } from './types.js';

const BY_SERVER_TYPE: Record<string, SqlDialect> = {
  // Read by Contract Lens through DuckDB.
  local: 'duckdb',
  duckdb: 'duckdb',
  s3: 'duckdb',
  gcs: 'duckdb',
  azure: 'duckdb',
  // Database servers.
  postgres: 'postgresql',
  postgresql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mariadb',
  sqlserver: 'transactsql',
  synapse: 'transactsql',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  // Spark SQL (Databricks) is closest to HiveQL among node-sql-parser's grammars (backticks, `a.b.c` names).
  databricks: 'hive',
  spark: 'hive',
  hive: 'hive',
  trino: 'trino',
  presto: 'trino',
  redshift: 'redshift',
  athena: 'athena',
  db2: 'db2',
  sqlite: 'sqlite',
};

/** The dialect of a server type (case-insensitive), or undefined when no parser covers it. */
export function dialectOfServerType(type: string | undefined): SqlDialect | undefined {
  return type ? BY_SERVER_TYPE[type.trim().toLowerCase()] : undefined;
}

/** Human name of a dialect, for messages. */
export function dialectLabel(d: SqlDialect): string {
  return LABELS[d];
}

const LABELS: Record<SqlDialect, string> = {
  duckdb: 'DuckDB',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  transactsql: 'SQL Server',
  snowflake: 'Snowflake',
  bigquery: 'BigQuery',
  hive: 'Spark/Hive',
  trino: 'Trino',
  redshift: 'Redshift',
  athena: 'Athena',
  db2: 'Db2',
  sqlite: 'SQLite',
};

/**
 * Tried when a contract declares no server and DuckDB's parser rejects its SQL, so that SQL written for another
 * engine (backticks, `TOP 1`, `[dbo].[t]`) is not called broken. Only the strict grammars: some others accept
 * nonsense such as `WHERE x = AND` (Snowflake's) and would hide real typos.
 */
export const FALLBACK_DIALECTS: readonly Exclude<SqlDialect, 'duckdb'>[] = ['postgresql', 'mysql', 'transactsql', 'bigquery'];
