/**
 * One MySQL/MariaDB server of a data session, as PostgresEngine is for PostgreSQL: a read-only mysql2 session
 * (connection.ts) over which the compiled checks run where the data is, in the MySQL dialect. A timeout is enforced
 * by the server (max_statement_time / max_execution_time) and, past it, by KILL QUERY from a second session.
 */
import type { Dialect } from '../../dialects/dialect.js';
import { mysqlDialect } from '../../dialects/mysql.js';
import type { CatalogKeys } from '../postgres/catalog.js';
import { databaseTables, tableKeys } from './catalog.js';
import { MysqlSession, mysqlIdent, type MysqlColumn, type MysqlTarget } from './connection.js';
import type { RowOrder } from '../queryEngine.js';

export interface MysqlQueryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  maxRows?: number;
}

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

  /** Tables and views of the database (init --schema). */
  tables(): Promise<string[]> {
    return this.serial(() => databaseTables((sql, v) => this.session.select(sql, v), this.target.database));
  }

  query(sql: string, opts: MysqlQueryOptions = {}): Promise<Record<string, unknown>[]> {
    return this.serial(() => this.session.query(opts.maxRows === undefined ? sql : `SELECT * FROM (${sql}) AS q LIMIT ${opts.maxRows}`));
  }

  queryUntrusted(sql: string, opts: MysqlQueryOptions = {}): Promise<Record<string, unknown>[]> {
    return this.serial(() => this.session.queryUntrusted(sql, opts.maxRows));
  }

  stream(sql: string, batch: number, onRows: (rows: Record<string, unknown>[]) => Promise<void> | void): Promise<number> {
    return this.serial(() => this.session.stream(sql, batch, onRows));
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

  /** One connection: queries run one after the other (mysql2 queues them anyway; this keeps errors apart). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
