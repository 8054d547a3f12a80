/**
 * How one SQL engine spells what the check compiler needs. The compiler (engine/data/checks/compile.ts), the cell
 * predicates (engine/data/predicates.ts) and the row conditions (checks/conditions.ts) decide WHICH rules exist and
 * what fails them; a Dialect decides only HOW that is written for an engine. A new engine (MySQL, Trino, Snowflake,
 * BigQuery, Spark SQL, SQL Server) is one file implementing this interface beside duckdb.ts and postgres.ts.
 *
 * Every `try…` method returns SQL that never raises on bad data: NULL (or FALSE) where the engine's own cast would
 * fail, so one bad cell cannot abort the fused scan of a whole table.
 */
export type TemporalType = 'DATE' | 'TIME' | 'TIMESTAMP';

export interface Dialect {
  /** The engine name as engine/sql and the docs spell it: `duckdb`, `postgres`, … */
  readonly name: string;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A string literal. */
  string(text: string): string;
  /** The value as text. */
  asText(expr: string): string;
  /** Text → double precision, NULL when it is not a number. */
  tryNumber(text: string): string;
  /** Text → boolean, NULL when it is not one. */
  tryBoolean(text: string): string;
  /** Text → date/time/timestamp, NULL when it is not one. */
  tryTemporal(text: string, type: TemporalType): string;
  /** Text → timestamp by a strptime format (`%Y-%m-%d`), NULL when it does not match; undefined if not expressible. */
  tryParseTimestamp(text: string, strptimeFormat: string): string | undefined;
  /** Text → a whole number within 128 bits, NULL when it is not one (integer bit-width formats `i32`…). */
  tryHugeInt(text: string): string;
  /** TRUE when the text contains a match of the pattern (the pattern is an engine regex). */
  regexMatches(text: string, pattern: string): string;
  /** TRUE when the whole text matches the pattern. */
  regexFullMatch(text: string, pattern: string): string;
  /** Why this engine's regex cannot run a pattern, or undefined when it can. */
  regexProblem(pattern: string): string | undefined;
  /** Length of a text in characters. */
  length(text: string): string;
  /** The number of rows for which `cond` is TRUE, as an aggregate. */
  countIf(cond: string): string;
  /** Sum of an integer expression over the rows where `cond` is TRUE (0 when none). */
  sumIf(expr: string, cond: string): string;
  /** A timestamp literal from `YYYY-MM-DD HH:MM:SS[.fff]` (no zone: UTC). */
  timestampLiteral(iso: string): string;
  /**
   * The instant `YYYY-MM-DD HH:MM:SS[.fff]` UTC as a value comparable with a time-zone-aware column (TIMESTAMPTZ…),
   * whatever the session's time zone.
   */
  instantLiteral(utcIso: string): string;
  /** A date literal from `YYYY-MM-DD`. */
  dateLiteral(iso: string): string;
  /** A typed (non-text) value as a date/time/timestamp, NULL when the engine cannot convert it. */
  convertTemporal(expr: string, type: TemporalType): string;
  /** A cast the engine can always do (e.g. to DATE from a timestamp). */
  cast(expr: string, type: TemporalType | 'DOUBLE'): string;
  /** The relation with one row per key (which one is arbitrary): reconcile compares each key once. */
  onePerKey(relation: string, keyColumns: string[]): string;
  /** The first `n` rows of a query. */
  limit(sql: string, n: number): string;
  /** List functions (minItems, maxItems, uniqueItems), when the engine has list-typed columns. */
  list?: { length(expr: string): string; distinctCount(expr: string): string; nonNullCount(expr: string): string };
  /** Whether a column type (as the engine's catalog prints it) is a list. */
  isListType(type: string): boolean;
  /** Whether a column type is text (a typed value would need parsing). */
  isTextType(type: string): boolean;
}

/** ANSI quoting: double quotes around identifiers, single quotes around strings (DuckDB, PostgreSQL, Trino…). */
export function ansiIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function ansiString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
