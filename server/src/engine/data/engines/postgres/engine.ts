/**
 * One PostgreSQL server of a data session: a small pool of read-only sessions over which the compiled checks run
 * where the data is. Every session is READ ONLY by default, has a statement_timeout, the application_name
 * `contractlens`, and UTC as its time zone (timestamps compare as the files' do). A timeout or a cancellation stops
 * the query ON THE SERVER (pg_cancel_backend from a second session), not just the promise.
 */
import type pg from 'pg';
import type { Dialect } from '../../dialects/dialect.js';
import { postgresDialect } from '../../dialects/postgres.js';
import { UntrustedSqlRejected } from '../../sandbox.js';
import { schemaTables, tableColumns, tableKeys, tableRowOrder, type CatalogColumn, type CatalogKeys } from './catalog.js';
import type { RowOrder } from '../queryEngine.js';
import { credentialsFor, describeDatabase, describeTarget, sslOption, type PostgresCredentials, type PostgresTarget } from './connection.js';
import { checkUntrustedPostgres, checkWithSqlParser } from './sandbox.js';
import { roleRights, type RoleRights } from './rights.js';

export interface PgQueryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  maxRows?: number;
}

/** Raised for a timeout or a cancellation; session.ts maps it to its own QueryInterrupted. */
export class PgInterrupted extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled', message: string) {
    super(message);
    this.name = 'PgInterrupted';
  }
}

/**
 * `pg` is loaded by the first connection, not at start: importing it probes `Response` (pg/lib/stream.js looks for
 * Cloudflare Workers), which loads Node's whole fetch stack (undici); together ~100-150 ms of every language server
 * and CLI start, for a driver most workspaces never use.
 */
let pgLib: typeof pg | undefined;
async function loadPg(): Promise<typeof pg> {
  return (pgLib ??= ((await import('pg')) as unknown as { default: typeof pg }).default);
}

// Dates and timestamps stay text, as DuckDB rows give them to reports (no shift through the JS Date of the client).
const TEXT_TYPES = [1082, 1083, 1114, 1184, 1266];
const types = {
  getTypeParser(oid: number, format?: string) {
    if (TEXT_TYPES.includes(oid)) return (v: string) => v;
    return pgLib!.types.getTypeParser(oid, format as 'text'); // a type parser is asked for only once connected
  },
};

const POOL_SIZE = 2;

export class PostgresEngine {
  readonly dialect: Dialect;
  private readonly idle: pg.Client[] = [];
  private readonly all = new Set<pg.Client>();
  private readonly waiting: ((c: pg.Client) => void)[] = [];
  private closed = false;

  private constructor(
    readonly target: PostgresTarget,
    private readonly config: pg.ClientConfig,
    private readonly setRole: string | undefined,
    readonly timeoutMs: number,
    readonly serverVersion: number,
    /** The role queries run as (`current_user`: the login's, or the one switched to with SET ROLE). */
    readonly role: string,
    first: pg.Client,
  ) {
    this.dialect = postgresDialect({ serverVersion });
    this.all.add(first);
    this.idle.push(first);
  }

  /** Connects (one session, more on demand); rejects with a message naming the server, never the password. */
  static async connect(target: PostgresTarget, options: { timeoutMs: number; credentials?: PostgresCredentials }): Promise<PostgresEngine> {
    const cred = credentialsFor(target, options.credentials);
    const config: pg.ClientConfig = {
      host: target.host,
      port: target.port,
      database: target.database,
      user: cred.user,
      password: cred.password,
      ssl: sslOption(cred.sslmode),
      application_name: 'contractlens',
      connectionTimeoutMillis: Math.min(options.timeoutMs, 15_000),
      types,
    };
    const first = await openSession(config, target, options.timeoutMs, cred.role);
    const info = (await first.query("SELECT current_setting('server_version_num') AS v, current_user AS r")).rows[0];
    return new PostgresEngine(target, config, cred.role, options.timeoutMs, Number(info.v), String(info.r), first);
  }

  /** `"schema"."table"`: how the compiled SQL names a schema object's table (default schema: the server's). */
  relation(table: string, schema = this.target.schema): string {
    return `${this.dialect.ident(schema)}.${this.dialect.ident(table)}`;
  }

  /** What the connecting role may do on these tables (doctor). */
  rights(tables: string[]): Promise<RoleRights> {
    return this.withClient((c) => roleRights(c, this.target.schema, tables));
  }

  columns(table: string, schema = this.target.schema): Promise<CatalogColumn[]> {
    return this.withClient((c) => tableColumns(c, schema, table));
  }

  /** Primary key, unique constraints and foreign keys the catalog declares (init). */
  keys(table: string, schema = this.target.schema): Promise<CatalogKeys> {
    return this.withClient((c) => tableKeys(c, schema, table));
  }

  /** Tables and views of a schema (init --schema). */
  tables(schema = this.target.schema): Promise<string[]> {
    return this.withClient((c) => schemaTables(c, schema));
  }

  /** How the rows of a table are numbered when it is read whole (catalog.ts tableRowOrder says why). */
  rowOrder(table: string, schema = this.target.schema): Promise<RowOrder> {
    return this.withClient(async (c) => {
      const o = await tableRowOrder(c, schema, table);
      if (o.columns.length) return { orderBy: o.columns.map((x) => this.dialect.ident(x)), description: `the table's primary key (${o.columns.join(', ')})` };
      if (o.physical.length) return { orderBy: o.physical, description: `physical order (${o.physical.join(', ')}): where PostgreSQL stored each row, mostly the load order but not always (a row may fill earlier free space); stable until the table is written to; the table has no primary key` };
      return { orderBy: [], description: 'the order the server returned the rows in (a view has no order of its own; not stable between runs)' };
    });
  }

  /** Engine-generated SQL (trusted), extended protocol: one statement only. */
  query(sql: string, opts: PgQueryOptions = {}): Promise<Record<string, unknown>[]> {
    return this.run(opts, async (client, live) => {
      if (opts.maxRows === undefined) return (await client.query({ text: sql, values: [], queryMode: 'extended' } as pg.QueryConfig)).rows;
      return this.cursorRows(client, sql, opts.maxRows, live);
    });
  }

  /** Contract SQL: checked (sandbox.ts), then run as a cursor inside a READ ONLY transaction, at most maxRows rows. */
  async queryUntrusted(sql: string, opts: PgQueryOptions = {}): Promise<Record<string, unknown>[]> {
    const text = checkUntrustedPostgres(sql);
    await checkWithSqlParser(text);
    return this.run(opts, (client, live) => this.cursorRows(client, text, opts.maxRows ?? 100_000, live));
  }

  /** Streams the rows of a query in batches (failing rows to a file): the client holds one batch at a time. */
  async stream(sql: string, batch: number, onRows: (rows: Record<string, unknown>[]) => Promise<void> | void, opts: PgQueryOptions = {}): Promise<number> {
    return this.run(opts, async (client, live) => {
      let n = 0;
      await client.query('BEGIN READ ONLY');
      try {
        live();
        await client.query({ text: `DECLARE cl_stream NO SCROLL CURSOR FOR ${sql}`, values: [], queryMode: 'extended' } as pg.QueryConfig);
        for (;;) {
          live();
          const rows = (await client.query(`FETCH FORWARD ${batch} FROM cl_stream`)).rows;
          if (!rows.length) break;
          n += rows.length;
          await onRows(rows);
        }
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
      }
      return n;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.all].map((c) => c.end().catch(() => undefined)));
  }

  /** The database (`postgres://host:port/db`): the engine id, since every schema of it joins in one query. */
  describe(): string {
    return describeDatabase(this.target);
  }

  private async cursorRows(client: pg.Client, sql: string, maxRows: number, live: () => void): Promise<Record<string, unknown>[]> {
    await client.query('BEGIN READ ONLY');
    try {
      // DECLARE CURSOR takes only SELECT or VALUES, and the extended protocol only one statement: PostgreSQL's own
      // parser backs up the checks of sandbox.ts.
      live();
      await client.query({ text: `DECLARE cl_query NO SCROLL CURSOR FOR ${sql}`, values: [], queryMode: 'extended' } as pg.QueryConfig);
      live();
      const rows = (await client.query(`FETCH FORWARD ${maxRows + 1} FROM cl_query`)).rows;
      if (rows.length > maxRows) {
        throw new UntrustedSqlRejected(`The query returned more than ${maxRows.toLocaleString('en-US')} rows; aggregate or filter it (a check query should return a few rows).`);
      }
      return rows;
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  }

  /**
   * Runs `fn` on a session of the pool with the timeout and the cancellation armed. pg_cancel_backend stops only the
   * statement running at that moment: a cancel that lands between two statements of `fn` (BEGIN, DECLARE, FETCH)
   * would be lost, so `fn` calls `live()` before each statement, which throws once the run was interrupted.
   */
  private async run<T>(opts: PgQueryOptions, fn: (client: pg.Client, live: () => void) => Promise<T>): Promise<T> {
    if (opts.signal?.aborted) throw new PgInterrupted('cancelled', 'The query was cancelled.');
    return this.withClient(async (client) => {
      const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
      let interrupted: 'timeout' | 'cancelled' | undefined;
      let again: NodeJS.Timeout | undefined;
      const cancel = (why: 'timeout' | 'cancelled') => {
        if (interrupted) return;
        interrupted = why;
        void this.cancelBackend(client);
        // A cancel that reached the server before the statement did is ignored there: ask again until `fn` ends.
        again = setInterval(() => void this.cancelBackend(client), 2000);
      };
      // The server's statement_timeout stops a query; this timer also stops a wait that is not a statement (a lock,
      // a slow network), and gives the same message.
      const timer = setTimeout(() => cancel('timeout'), timeoutMs + 1000);
      const onAbort = () => cancel('cancelled');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        if (timeoutMs !== this.timeoutMs) await client.query(`SET statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
        return await fn(client, () => {
          if (interrupted) throw new Error(`interrupted (${interrupted}) between statements`);
        });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (interrupted === 'cancelled' || (code === '57014' && /user request/.test(String((e as Error).message)))) {
          throw new PgInterrupted(interrupted ?? 'cancelled', interrupted === 'timeout' ? `The query took longer than ${timeoutMs} ms and was stopped.` : 'The query was cancelled.');
        }
        if (interrupted === 'timeout' || code === '57014') throw new PgInterrupted('timeout', `The query took longer than ${timeoutMs} ms and was stopped.`);
        if (e instanceof UntrustedSqlRejected) throw e;
        throw new Error(`PostgreSQL: ${(e as Error).message}`);
      } finally {
        clearTimeout(timer);
        clearInterval(again);
        opts.signal?.removeEventListener('abort', onAbort);
        // A repeated cancel may have hit fn's own ROLLBACK: the session must not stay inside a transaction.
        if (interrupted) await client.query('ROLLBACK').catch(() => undefined);
        if (timeoutMs !== this.timeoutMs) await client.query(`SET statement_timeout = ${this.timeoutMs}`).catch(() => undefined);
      }
    });
  }

  /** pg_cancel_backend from a second session of the same role: the server stops the running statement. */
  private async cancelBackend(client: pg.Client): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    if (!pid) return;
    const other = new (await loadPg()).Client(this.config);
    try {
      await other.connect();
      await other.query({ text: 'SELECT pg_cancel_backend($1)', values: [pid] });
    } catch {
      // The query may have ended meanwhile; nothing to stop.
    } finally {
      await other.end().catch(() => undefined);
    }
  }

  private async withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('The data session is closed.');
    let client = this.idle.pop();
    if (!client && this.all.size < POOL_SIZE) {
      client = await openSession(this.config, this.target, this.timeoutMs, this.setRole);
      this.all.add(client);
    }
    if (!client) client = await new Promise<pg.Client>((resolve) => this.waiting.push(resolve));
    try {
      return await fn(client);
    } finally {
      const next = this.waiting.shift();
      if (next) next(client);
      else this.idle.push(client);
    }
  }
}

/** One session, read-only from its first statement on. */
async function openSession(config: pg.ClientConfig, target: PostgresTarget, timeoutMs: number, role: string | undefined): Promise<pg.Client> {
  const client = new (await loadPg()).Client(config);
  client.on('error', () => undefined); // a dropped connection fails the running query; it must not crash the server
  try {
    await client.connect();
    await client.query(
      [
        // First: every later statement (and the contract's SQL, which cannot RESET ROLE: one SELECT only) has the
        // restricted role's rights.
        ...(role ? [`SET ROLE ${pgIdent(role)}`] : []),
        'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY',
        `SET statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`,
        "SET TimeZone = 'UTC'",
        `SET search_path = ${pgIdent(target.schema)}`,
      ].join('; '),
    );
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new Error(`Cannot connect to ${describeTarget(target)} as ${config.user ?? 'the default user'}${role ? ` (role ${role})` : ''}: ${(e as Error).message}`);
  }
}

function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
