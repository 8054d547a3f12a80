/**
 * One MySQL/MariaDB server of a data session, as PostgresEngine is for PostgreSQL: a read-only mysql2 session
 * (connection.ts) over which the compiled checks run where the data is, in the MySQL dialect. A timeout is enforced
 * by the server (max_statement_time / max_execution_time) and, past it or on cancellation, by KILL QUERY from a
 * second session (as pg_cancel_backend for PostgreSQL): the query stops ON THE SERVER, not just the promise.
 */
import type { Dialect } from '../../dialects/dialect.js';
import { mysqlDialect } from '../../dialects/mysql.js';
import type { CatalogKeys } from '../postgres/catalog.js';
import { databaseTables, tableKeys } from './catalog.js';
import { userGrants, type MysqlGrants } from './grants.js';
import { MysqlSession, mysqlIdent, type MysqlColumn, type MysqlTarget } from './connection.js';
import type { RowOrder } from '../queryEngine.js';

export interface MysqlQueryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  maxRows?: number;
}

/** Raised for a timeout or a cancellation; session.ts maps it to its own QueryInterrupted. */
export class MysqlInterrupted extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled', message: string) {
    super(message);
    this.name = 'MysqlInterrupted';
  }
}

/** ER_QUERY_INTERRUPTED (KILL QUERY), MariaDB's ER_STATEMENT_TIMEOUT, MySQL's ER_QUERY_TIMEOUT. */
const KILLED = 1317;
const SERVER_TIMEOUTS = new Set([1969, 3024]);

export class MysqlEngine {
  readonly dialect: Dialect = mysqlDialect;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly target: MysqlTarget, private readonly session: MysqlSession, readonly timeoutMs: number) {}

  static async connect(target: MysqlTarget, options: { timeoutMs: number }): Promise<MysqlEngine> {
    return new MysqlEngine(target, await MysqlSession.open(target, options.timeoutMs), options.timeoutMs);
  }

  relation(table: string): string {
    return `${mysqlIdent(this.target.database)}.${mysqlIdent(table)}`;
  }

  columns(table: string): Promise<MysqlColumn[]> {
    return this.serial(() => this.session.columns(table));
  }

  /** Primary key, unique constraints and foreign keys the catalog declares (init). */
  keys(table: string): Promise<CatalogKeys> {
    return this.serial(() => tableKeys((sql, v) => this.session.select(sql, v), this.target.database, table));
  }

  /** What the connecting user may do on these tables (doctor). */
  grants(tables: string[]): Promise<MysqlGrants> {
    return this.serial(() => userGrants((sql, v) => this.session.select(sql, v), this.target.database, tables));
  }

  /** Tables and views of the database (init --schema). */
  tables(): Promise<string[]> {
    return this.serial(() => databaseTables((sql, v) => this.session.select(sql, v), this.target.database));
  }

  query(sql: string, opts: MysqlQueryOptions = {}): Promise<Record<string, unknown>[]> {
    return this.interruptible(opts, () => this.session.query(opts.maxRows === undefined ? sql : `SELECT * FROM (${sql}) AS q LIMIT ${opts.maxRows}`));
  }

  queryUntrusted(sql: string, opts: MysqlQueryOptions = {}): Promise<Record<string, unknown>[]> {
    return this.interruptible(opts, () => this.session.queryUntrusted(sql, opts.maxRows));
  }

  stream(sql: string, batch: number, onRows: (rows: Record<string, unknown>[]) => Promise<void> | void, opts: MysqlQueryOptions = {}): Promise<number> {
    return this.interruptible(opts, () => this.session.stream(sql, batch, onRows));
  }

  /** How the rows of a table are numbered when it is read whole: its primary key, else the server's scan order. */
  async rowOrder(table: string): Promise<RowOrder> {
    const d = this.dialect;
    const rows = await this.query(
      `SELECT column_name AS name FROM information_schema.key_column_usage WHERE table_schema = ${d.string(this.target.database)} AND table_name = ${d.string(table)} AND constraint_name = 'PRIMARY' ORDER BY ordinal_position`,
    );
    const key = rows.map((r) => String(r.name ?? r.NAME ?? r.COLUMN_NAME));
    if (key.length) return { orderBy: key.map((k) => mysqlIdent(k)), description: `the table's primary key (${key.join(', ')})` };
    return { orderBy: [], description: "the order the server scans the table in (it has no primary key; InnoDB's order of insertion)" };
  }

  describe(): string {
    return `mysql://${this.target.host}:${this.target.port}/${this.target.database}`;
  }

  close(): Promise<void> {
    return this.session.close();
  }

  /**
   * Runs one statement that a timeout or the signal stops on the server: KILL QUERY from a second session. The
   * server's own statement timeout stops a statement first; the client timer (a second later) also covers a wait
   * that is not a statement (a lock, a slow network) and a per-query timeout shorter than the session's.
   */
  private interruptible<T>(opts: MysqlQueryOptions, fn: () => Promise<T>): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const cancelled = () => new MysqlInterrupted('cancelled', 'The query was cancelled.');
    const timedOut = () => new MysqlInterrupted('timeout', `The query took longer than ${timeoutMs} ms and was stopped.`);
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    return this.serial(async () => {
      if (opts.signal?.aborted) throw cancelled();
      let interrupted: 'timeout' | 'cancelled' | undefined;
      const stop = (why: 'timeout' | 'cancelled') => {
        if (interrupted) return;
        interrupted = why;
        void this.session.killQuery();
      };
      const timer = setTimeout(() => stop('timeout'), timeoutMs + 1000);
      const onAbort = () => stop('cancelled');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await fn();
      } catch (e) {
        const errno = (e as { errno?: number }).errno;
        if (interrupted === 'cancelled') throw cancelled();
        if (interrupted === 'timeout' || (errno !== undefined && SERVER_TIMEOUTS.has(errno))) throw timedOut();
        if (errno === KILLED) throw cancelled();
        throw e;
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  /** One connection: queries run one after the other (mysql2 queues them anyway; this keeps errors apart). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
