/**
 * SQL syntax checking with DuckDB's own parser (for CL123/CL126), without data and without running anything:
 * `json_serialize_sql(text)` parses the text and returns either the statements or a JSON error with the character
 * `position`. One in-memory instance is created lazily (the native library loads on first use, not at server
 * start) with external access off and the configuration locked; answers are cached by SQL text because the same
 * queries are parsed again on every keystroke.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadDuckDB } from './duckdb.js';
import { duckdbTablesAndFunctions } from '../sql/duckdbAst.js';
import type { ParsedSql } from '../sql/types.js';
import type { SqlParser } from '../rules/sqlSyntax.js';
import { TextKeyedCache } from '../text/textKeyedCache.js';

/** Cached answers at most (SQL texts are short; a workspace has at most a few thousand distinct queries). */
const CACHE_LIMIT = 5000;

export class DuckDbSqlParser implements SqlParser {
  private connection?: Promise<DuckDBConnection>;
  private readonly cache = new TextKeyedCache<ParsedSql>(CACHE_LIMIT);
  /** One statement at a time on the single connection. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  async parse(sql: string): Promise<ParsedSql> {
    const cached = this.cache.get(sql);
    if (cached) return cached;
    const run = this.queue.then(() => this.parseUncached(sql));
    this.queue = run.catch(() => undefined);
    const result = await run;
    this.cache.set(sql, result);
    return result;
  }

  private async parseUncached(sql: string): Promise<ParsedSql> {
    if (sql.trim() === '') return { ok: false, error: { kind: 'empty', message: 'The query is empty.' } };
    const conn = await this.connect();
    const reader = await conn.runAndReadAll(`SELECT json_serialize_sql($1::VARCHAR)`, [sql]);
    const json = JSON.parse(String(reader.getRows()[0][0])) as { error?: boolean; error_type?: string; error_message?: string; position?: string | number; statements?: unknown[] };
    if (json.error) {
      if (json.error_type === 'parser') {
        const offset = json.position !== undefined ? codePointToUtf16Index(sql, Number(json.position)) : undefined;
        return { ok: false, error: { kind: 'syntax', message: cleanMessage(json.error_message ?? 'syntax error'), offset } };
      }
      // json_serialize_sql parsed the text but serializes only SELECT statements: it is something else.
      return { ok: false, error: { kind: 'not-a-query', message: `\`${firstKeyword(sql)}\` is not a query. Contract Lens runs only one SELECT (or WITH … SELECT) per rule.` } };
    }
    const statements = json.statements ?? [];
    if (statements.length === 0) return { ok: false, error: { kind: 'empty', message: 'The query is empty.' } };
    return { ok: true, statements: statements.map(() => 'select'), ...duckdbTablesAndFunctions(statements) };
  }

  private connect(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new Error('SQL parser closed'));
    return (this.connection ??= (async () => {
      const { DuckDBInstance } = await loadDuckDB();
      const instance = await DuckDBInstance.create(':memory:', {
        enable_external_access: 'false',
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        lock_configuration: 'true',
        threads: '1',
      });
      return instance.connect();
    })());
  }

  /** Releases the DuckDB connection (the language server calls this on shutdown; tests too). */
  async close(): Promise<void> {
    this.closed = true;
    const c = this.connection;
    this.connection = undefined;
    if (c) (await c.catch(() => undefined))?.closeSync();
  }
}

let shared: DuckDbSqlParser | undefined;

/** The process-wide parser the CLI and the language server pass to analyzeDocument. */
export function sharedSqlParser(): DuckDbSqlParser {
  return (shared ??= new DuckDbSqlParser());
}

/** DuckDB reports positions in code points; JS strings index UTF-16 code units (astral characters count twice). */
export function codePointToUtf16Index(text: string, codePoints: number): number {
  if (!Number.isFinite(codePoints) || codePoints <= 0) return 0;
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

function firstKeyword(sql: string): string {
  return (/[A-Za-z]+/.exec(sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ''))?.[0] ?? 'statement').toUpperCase();
}

/** "syntax error at or near "x"" → "syntax error at or near `x`"; the position is carried separately. */
function cleanMessage(message: string): string {
  return message.split('\n')[0].replace(/"([^"]*)"/g, '`$1`');
}
