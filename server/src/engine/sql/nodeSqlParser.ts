/**
 * Contract SQL in a database dialect (PostgreSQL, MySQL, SQL Server, Snowflake, BigQuery, Spark, Trino, Redshift…),
 * parsed with node-sql-parser: statement kinds, the tables the parser itself lists (minus CTE names), the functions
 * called, or the syntax error with its position.
 *
 * The grammars lag behind the engines on a few well-known extensions that contracts do use (Snowflake
 * `SAMPLE (10 ROWS)`, Delta `TIMESTAMP AS OF`, BigQuery `FOR SYSTEM_TIME AS OF`, Redshift `APPROXIMATE COUNT`). When
 * a text does not parse, those clauses are blanked (same length, so positions hold) and it is parsed again; the
 * caller decides what a remaining error is worth (see sqlSyntax.ts: an error is reported only when DuckDB's parser
 * rejects the text too).
 */
import { grammarFor } from './grammars.js';
import type { ParsedSql, SqlDialect, TableRef } from './types.js';
import { flatCopy } from '../syntax/strings.js';
import { TextKeyedCache } from '../text/textKeyedCache.js';

/** Answers cached by dialect and text: lint parses the same queries again on every keystroke. */
const CACHE_LIMIT = 5000;
const cache = new TextKeyedCache<ParsedSql>(CACHE_LIMIT);

export function parseWithGrammar(sql: string, dialect: Exclude<SqlDialect, 'duckdb'>): ParsedSql {
  const key = `${dialect}\u0000${sql}`;
  let result = cache.get(key);
  if (!result) {
    // The parser's answer holds slices of the text it parsed (table names): of a copy, not of the document.
    result = parseUncached(flatCopy(sql), dialect);
    cache.set(key, result);
  }
  return result;
}

function parseUncached(sql: string, dialect: Exclude<SqlDialect, 'duckdb'>): ParsedSql {
  if (sql.trim() === '' || /^[\s;]*$/.test(stripComments(sql))) return { ok: false, error: { kind: 'empty', message: 'The query is empty.' } };
  const first = attempt(sql, dialect);
  if (first.ok) return first;
  const blanked = blankKnownExtensions(sql);
  if (blanked !== sql) {
    const second = attempt(blanked, dialect);
    if (second.ok) return second;
  }
  return first;
}

function attempt(sql: string, dialect: Exclude<SqlDialect, 'duckdb'>): ParsedSql {
  let result: { ast: unknown; tableList: string[] };
  try {
    result = grammarFor(dialect).parse(sql, { database: dialect });
  } catch (e) {
    const err = e as { message?: string; found?: string | null; location?: { start?: { offset?: number } } };
    const offset = err.location?.start?.offset;
    const near = err.found === null || err.found === undefined ? 'at end of input' : `at or near \`${String(err.found)}\``;
    return { ok: false, error: { kind: 'syntax', message: err.location ? `syntax error ${near}` : (err.message ?? 'syntax error').split('\n')[0], offset } };
  }
  const statements = (Array.isArray(result.ast) ? result.ast : [result.ast]).filter(Boolean) as Record<string, unknown>[];
  const ctes = new Set<string>();
  const functions = new Set<string>();
  walk(result.ast, ctes, functions);
  const tables: TableRef[] = [];
  for (const entry of result.tableList ?? []) {
    const [, db, table] = entry.split('::');
    if (!table) continue;
    const parts = splitName(table);
    const name = parts.pop()!;
    const qualifier = [...(db && db !== 'null' ? splitName(db) : []), ...parts].join('.') || undefined;
    if (!qualifier && ctes.has(name.toLowerCase())) continue;
    tables.push({ name, qualifier });
  }
  const kinds = statements.map((s) => (s.type === 'select' && hasInto(s) ? 'select into' : String(s.type ?? 'unknown').toLowerCase()));
  return { ok: true, statements: kinds, tables, functions: [...functions] };
}

/** `SELECT … INTO t` creates a table: not a query. */
function hasInto(s: Record<string, unknown>): boolean {
  const into = s.into as { expr?: unknown; position?: unknown } | undefined;
  return !!into && (into.expr !== undefined && into.expr !== null);
}

function splitName(n: string): string[] {
  return n.split('.').map((p) => p.replace(/^[`"[]|[`"\]]$/g, ''));
}

/** Collects CTE names and function names anywhere in node-sql-parser's AST (shapes differ a little per grammar). */
function walk(node: unknown, ctes: Set<string>, functions: Set<string>, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 200) return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, ctes, functions, depth + 1);
    return;
  }
  const o = node as Record<string, unknown>;
  if (Array.isArray(o.with)) {
    for (const w of o.with as { name?: unknown }[]) {
      const n = nameText(w?.name);
      if (n) ctes.add(n.toLowerCase());
    }
  }
  if (o.type === 'function' || o.type === 'aggr_func') {
    const n = functionName(o);
    if (n) functions.add(n.toLowerCase());
  }
  for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v, ctes, functions, depth + 1);
}

function nameText(n: unknown): string | undefined {
  if (typeof n === 'string') return n;
  if (n && typeof n === 'object' && typeof (n as { value?: unknown }).value === 'string') return (n as { value: string }).value;
  return undefined;
}

function functionName(o: Record<string, unknown>): string | undefined {
  const name = o.name;
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object') {
    const parts = (name as { name?: unknown[] }).name;
    const schema = nameText((name as { schema?: unknown }).schema);
    const own = Array.isArray(parts) ? parts.map(nameText).filter(Boolean).join('.') : nameText(name);
    if (own) return schema ? `${schema}.${own}` : own;
  }
  return undefined;
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '');
}

/** Replaces a match by spaces (newlines kept), so every later position is unchanged. */
const blank = (m: string) => m.replace(/[^\n]/g, ' ');

/** Balanced `( … )` after a keyword, or one literal/identifier/number. */
const OPERAND = String.raw`(?:'[^']*'|\d+|[A-Za-z_][\w.]*\s*\((?:[^()]|\([^()]*\))*\)|[A-Za-z_][\w.]*|\((?:[^()]|\([^()]*\))*\))`;
const EXTENSIONS: RegExp[] = [
  // Snowflake / Trino / SQL Server sampling: SAMPLE (10 ROWS), TABLESAMPLE BERNOULLI (10) REPEATABLE (1), SAMPLE BLOCK (5) SEED (7)
  /\b(?:TABLE)?SAMPLE(?:\s+(?:BERNOULLI|SYSTEM|ROW|BLOCK))?\s*\([^()]*\)(?:\s*(?:SEED|REPEATABLE)\s*\(\s*\d+\s*\))?/gi,
  // Delta / Databricks / Snowflake time travel: TIMESTAMP AS OF '…', VERSION AS OF 3; BigQuery FOR SYSTEM_TIME AS OF …
  new RegExp(String.raw`\b(?:FOR\s+SYSTEM_TIME|TIMESTAMP|VERSION)\s+AS\s+OF\s+(?:TIMESTAMP\s+)?${OPERAND}`, 'gi'),
  // Redshift: APPROXIMATE COUNT(DISTINCT …), APPROXIMATE PERCENTILE_DISC(…)
  /\bAPPROXIMATE(?=\s+(?:COUNT|PERCENTILE_DISC)\s*\()/gi,
];

export function blankKnownExtensions(sql: string): string {
  return EXTENSIONS.reduce((s, re) => s.replace(re, blank), sql);
}
