/** What parsing one contract SQL text answers, whatever the parser behind it (DuckDB's own, or node-sql-parser). */

/**
 * The SQL dialects Contract Lens can parse: `duckdb` with DuckDB's own parser, the others with node-sql-parser's
 * grammar of the same name.
 */
export type SqlDialect =
  | 'duckdb'
  | 'postgresql'
  | 'mysql'
  | 'mariadb'
  | 'transactsql'
  | 'snowflake'
  | 'bigquery'
  | 'hive'
  | 'trino'
  | 'redshift'
  | 'athena'
  | 'db2'
  | 'sqlite';

export interface SqlParseError {
  message: string;
  /** Index in the SQL text (UTF-16 code units) where the parser stopped, when it says. */
  offset?: number;
  /** `syntax`: does not parse; `not-a-query`: parses but is not one SELECT (DELETE, COPY, several statements…); `empty`. */
  kind?: 'syntax' | 'not-a-query' | 'empty';
}

/** A table (or view) a statement reads, as written: `orders`, `sales.orders`, `proj.ds.orders`. */
export interface TableRef {
  /** The table's own name (last part), unquoted. */
  name: string;
  /** The qualifier before it (`schema`, `catalog.schema`, `project.dataset`), unquoted; absent when unqualified. */
  qualifier?: string;
  /** Where the name starts in the SQL (UTF-16 index), when the parser says. */
  offset?: number;
}

export type ParsedSql =
  | {
      ok: true;
      /** One entry per statement, lower case: `select`, `insert`, `delete`, `create`… */
      statements: string[];
      /** Tables the statements read: CTE names and table functions are not tables and are left out. */
      tables: TableRef[];
      /** Function names called, lower case, qualified when written so (`pg_catalog.pg_read_file`). */
      functions: string[];
    }
  | { ok: false; error: SqlParseError };

/** Parses one SQL text in a dialect. */
export interface ContractSqlParser {
  parse(sql: string, dialect: SqlDialect): Promise<ParsedSql>;
}
