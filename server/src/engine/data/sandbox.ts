/**
 * The two locks around SQL that comes from a contract (a `sql` quality rule is input from whoever wrote the PR):
 *
 * 1. The instance is locked down after the sources are registered: external access off except for the source files
 *    themselves (`allowed_paths`), extension install/load off, configuration locked. No COPY TO elsewhere, no
 *    read_csv('/etc/passwd'), no ATTACH, no INSTALL/LOAD, no SET.
 * 2. Allowed paths stay WRITABLE in DuckDB (`COPY (SELECT 1) TO '<source file>'` overwrites it despite the lock), so
 *    untrusted text is parsed by DuckDB's own parser first and only a single plain query (SELECT / WITH / FROM /
 *    VALUES, statement type SELECT) is run, as the very prepared statement that was checked (no re-parse between
 *    check and run).
 */
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { duckdbTablesAndFunctions } from '../sql/duckdbAst.js';
import type { TableRef } from '../sql/types.js';
import { duckdb } from './duckdb.js';

export class UntrustedSqlRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UntrustedSqlRejected';
  }
}

/** Instance options that hold from the start: nothing is installed or loaded on demand (parquet/json/icu are built in). */
export function baseConfig(threads?: number, memoryLimit?: string): Record<string, string> {
  const cfg: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
  };
  if (threads) cfg.threads = String(Math.max(1, Math.floor(threads)));
  if (memoryLimit) cfg.memory_limit = memoryLimit;
  return cfg;
}

export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Turns external access off for everything but the declared sources (and the folders the engine itself writes to,
 * e.g. `--failed-rows DIR`) and locks the configuration. Must run after every view and ATTACH is in place.
 */
export async function lockDown(conn: DuckDBConnection, readPaths: string[], writeDirs: string[] = []): Promise<void> {
  const list = (xs: string[]) => `[${[...new Set(xs)].map(sqlString).join(', ')}]`;
  if (readPaths.length) await conn.run(`SET allowed_paths = ${list(readPaths)}`);
  if (writeDirs.length) await conn.run(`SET allowed_directories = ${list(writeDirs.map((d) => (d.endsWith('/') ? d : d + '/')))}`);
  await conn.run('SET enable_external_access = false');
  await conn.run('SET lock_configuration = true');
}

const QUERY_START = /^(select|with|from|values)\b/i;

/** Skips whitespace, comments and opening parentheses: what remains must start with a query keyword. */
function firstKeyword(sql: string): string {
  let i = 0;
  for (;;) {
    while (i < sql.length && (/\s/.test(sql[i]) || sql[i] === '(')) i++;
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else break;
  }
  return sql.slice(i, i + 12);
}

/**
 * Checks untrusted SQL with DuckDB's parser and returns the prepared statement to run. Throws UntrustedSqlRejected
 * (a message a contract author understands) for anything but one plain read-only query.
 */
export async function prepareUntrusted(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  const extracted = await assertUntrustedQuery(conn, sql);
  const prepared = await extracted.prepare(0).catch((e: unknown) => {
    throw new Error(cleanDuckDBMessage(e));
  });
  const { StatementType } = duckdb();
  if (prepared.statementType !== StatementType.SELECT) {
    const kind = StatementType[prepared.statementType] ?? String(prepared.statementType);
    prepared.destroySync();
    throw new UntrustedSqlRejected(`Only a read-only query is allowed in a contract; DuckDB parses this as a ${kind} statement.`);
  }
  return prepared;
}

/**
 * The parse-level checks alone (one statement, a query keyword first, a SELECT to DuckDB's parser), without
 * binding: the contract's text is judged as written before the engine binds its table names around it.
 */
export async function assertUntrustedQuery(conn: DuckDBConnection, sql: string) {
  if (!sql.trim()) throw new UntrustedSqlRejected('The SQL query is empty.');
  const extracted = await conn.extractStatements(sql).catch((e: unknown) => {
    throw new UntrustedSqlRejected(`The SQL query does not parse: ${cleanDuckDBMessage(e)}`);
  });
  if (extracted.count !== 1) {
    throw new UntrustedSqlRejected(`Only one SQL statement is allowed in a contract query; this text holds ${extracted.count}.`);
  }
  if (!QUERY_START.test(firstKeyword(sql))) {
    const word = firstKeyword(sql).split(/\s/)[0].toUpperCase();
    throw new UntrustedSqlRejected(`Only a read-only query (SELECT, WITH, FROM, VALUES) is allowed in a contract; this is ${word ? `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}` : 'a different'} statement.`);
  }
  await assertSelectByParser(conn, sql);
  return extracted;
}

/** The tables of `json_serialize_sql`'s answer (CTE names left out); undefined when the query did not parse. */
export function tablesOfSerialized(json: string): TableRef[] | undefined {
  try {
    const parsed = JSON.parse(json) as { error?: boolean; statements?: unknown };
    return parsed.error ? undefined : duckdbTablesAndFunctions(parsed.statements).tables;
  } catch {
    return undefined;
  }
}

/**
 * DuckDB's parser alone (no binding): json_serialize_sql serializes SELECT statements only, so anything else, e.g.
 * `WITH x AS (…) INSERT …`, is refused before the binder can give a confusing catalog error.
 */
async function assertSelectByParser(conn: DuckDBConnection, sql: string): Promise<void> {
  const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS j', [sql]);
  const text = String(reader.getRowObjectsJson()[0]?.j ?? '');
  let parsed: { error?: boolean; error_type?: string; error_message?: string } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UntrustedSqlRejected('The SQL query could not be checked by the parser.');
  }
  if (!parsed.error) return;
  if (parsed.error_type === 'parser') throw new UntrustedSqlRejected(`The SQL query does not parse: ${parsed.error_message ?? ''}`.trim());
  throw new UntrustedSqlRejected('Only a read-only query (SELECT, WITH, FROM, VALUES) is allowed in a contract; this statement writes or changes something.');
}

/**
 * DuckDB messages, made readable: a CSV error becomes `FILE:LINE: what is wrong (line text)`, and the long lists of
 * "Possible fixes" and sniffer search spaces are dropped. SQL code frames (`LINE 1: …`) are kept: they point at the
 * contract's query.
 */
export function cleanDuckDBMessage(e: unknown): string {
  const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+$/, '');
  const csvLine = /CSV Error on Line: (\d+)/.exec(msg);
  const file = /^\s*file = (.+)$/m.exec(msg);
  if (csvLine && file) {
    const body = msg.slice(csvLine.index + csvLine[0].length).split(/\nPossible fixes:|\n\s*file = /)[0];
    const original = /Original Line: (.*)/.exec(body)?.[1];
    const what = body.split('\n').filter((l) => l.trim() && !l.startsWith('Original Line:')).join(' ').trim();
    return `${file[1].trim()}:${csvLine[1]}: ${what || 'invalid CSV line'}${original !== undefined ? ` (line: ${original.slice(0, 200)})` : ''}`;
  }
  return msg
    .replace(/\n\s*The search space used was:[\s\S]*?(?=\n\s*Possible fixes:|\n\s*LINE \d+:|$)/, '')
    .replace(/\n\s*Possible fixes:[\s\S]*?(?=\n\s*\n\s*LINE \d+:|$)/, '')
    .replace(/\n{3,}/g, '\n\n');
}
