/**
 * The entry point for parsing contract SQL in a dialect, for lint and for the engines' sandboxes:
 * `parseContractSql(sql, dialect)` → statement kinds, referenced tables, functions called, or a syntax error with
 * its position. DuckDB SQL goes through DuckDB's own parser (the native library, loaded on first use); every other
 * dialect through node-sql-parser (pure JS, one grammar loaded per dialect on first use).
 */
import { sharedSqlParser } from '../data/sqlParser.js';
import { parseWithGrammar } from './nodeSqlParser.js';
import type { ParsedSql, SqlDialect } from './types.js';

/** Parses one SQL text written for `dialect`. Placeholders must have been replaced first (see placeholders.ts). */
export async function parseContractSql(sql: string, dialect: SqlDialect): Promise<ParsedSql> {
  if (dialect === 'duckdb') return sharedSqlParser().parse(sql);
  return parseWithGrammar(sql, dialect);
}

/** True when the parse is exactly one read-only SELECT (what a contract's `sql` rule may be). */
export function isSingleSelect(p: ParsedSql): boolean {
  return p.ok && p.statements.length === 1 && p.statements[0] === 'select';
}

export type { ParsedSql, SqlDialect, TableRef, SqlParseError } from './types.js';
export { dialectOfServerType, dialectLabel } from './dialects.js';
export { parseWithGrammar } from './nodeSqlParser.js';
