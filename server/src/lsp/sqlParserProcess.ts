/**
 * DuckDB's SQL parser for the language server's diagnostics (CL123/CL126/CL128), run in a helper process that
 * exits when idle. Loading DuckDB into the server only to parse contract SQL cost ~35-55 MB of its resident memory
 * for the rest of the session (the native library and one instance; a loaded native module is never unloaded),
 * which is a third of the 150 MB target with 500 contracts indexed. The helper (`dist/sql-parser.js`, built from
 * lsp/sqlParserHelper.ts) runs the same DuckDbSqlParser, so the findings are the same as in process; answers are
 * cached here by text, so the helper is only asked about queries that changed.
 *
 * Trade-off: while the helper lives (IDLE_MS after the last parse) it costs its own Node + DuckDB (~90 MB); the first
 * parse after it exited waits for a start (~0.3 s; the SQL pass is asynchronous and published after lint anyway).
 * Data features (checks, preview, drift over existing data) still load DuckDB into the server, as they must.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedSqlParser } from '../engine/data/index.js';
import type { SqlParser } from '../engine/rules/index.js';
import type { ParsedSql } from '../engine/sql/index.js';
import { TextKeyedCache } from '../engine/text/index.js';

/** One line each way: a request `{ id, sql }`, an answer `{ id, result }` or `{ id, error }`. */
export interface SqlParserRequest {
  id: number;
  sql: string;
}
export type SqlParserAnswer = { id: number; result: ParsedSql } | { id: number; error: string };

export const SQL_PARSER_HELPER = 'sql-parser.js';
const IDLE_MS = 20_000;
const CACHE_LIMIT = 5000;

export class SqlParserProcess implements SqlParser {
  private child?: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve: (p: ParsedSql) => void; reject: (e: Error) => void }>();
  private readonly cache = new TextKeyedCache<ParsedSql>(CACHE_LIMIT);
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly idleMs = IDLE_MS,
  ) {}

  async parse(sql: string): Promise<ParsedSql> {
    const cached = this.cache.get(sql);
    if (cached) return cached;
    if (this.closed) throw new Error('SQL parser closed');
    const child = this.start();
    const id = this.nextId++;
    const answer = new Promise<ParsedSql>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    clearTimeout(this.idleTimer);
    child.stdin.write(JSON.stringify({ id, sql } satisfies SqlParserRequest) + '\n');
    try {
      const result = await answer;
      this.cache.set(sql, result);
      return result;
    } finally {
      // One timer, restarted by the last answer: a timer left from an earlier answer would stop a helper in use.
      if (this.pending.size === 0) {
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => this.stop(), this.idleMs);
      }
    }
  }

  /** The helper's process id while it runs (tests, the RSS bench). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop();
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(process.execPath, [this.script], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        this.answered(line);
      }
    });
    child.stderr.resume(); // DuckDB's or Node's warnings must not fill the pipe and block the helper
    child.stdin.on('error', () => undefined); // the helper died: 'exit' below fails what was waiting
    child.on('error', (e) => this.failAll(child, e));
    child.on('exit', (code, signal) => this.failAll(child, new Error(`the SQL parser helper exited (${signal ?? code})`)));
    return child;
  }

  private answered(line: string): void {
    let a: SqlParserAnswer;
    try {
      a = JSON.parse(line) as SqlParserAnswer;
    } catch {
      return;
    }
    const p = this.pending.get(a.id);
    if (!p) return;
    this.pending.delete(a.id);
    if ('result' in a) p.resolve(a.result);
    else p.reject(new Error(a.error));
  }

  /** The helper is gone: what it did not answer fails (checkSqlSyntax then says nothing), the next parse restarts it. */
  private failAll(child: ChildProcessWithoutNullStreams, e: Error): void {
    if (this.child === child) this.child = undefined;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private stop(): void {
    clearTimeout(this.idleTimer);
    const child = this.child;
    if (!child || this.pending.size > 0) return;
    this.child = undefined;
    child.stdin.end(); // the helper exits when its input ends
    setTimeout(() => child.kill(), 2000).unref();
  }
}

let shared: SqlParser | undefined;

/**
 * The parser the language server gives analyzeDocument: the helper process when the build put it next to the server
 * bundle, else (from sources) DuckDB's parser in process.
 */
export function serverSqlParser(): SqlParser & { close(): Promise<void> } {
  if (!shared) {
    const script = join(__dirname, SQL_PARSER_HELPER);
    // CONTRACTLENS_SQL_PARSER_IDLE_MS: how long the helper outlives its last parse (tests shorten it).
    shared = existsSync(script) ? new SqlParserProcess(script, Number(process.env.CONTRACTLENS_SQL_PARSER_IDLE_MS) || IDLE_MS) : sharedSqlParser();
  }
  return shared as SqlParser & { close(): Promise<void> };
}
