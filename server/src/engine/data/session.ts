/**
 * A data session over the data of one or more contracts: an in-memory DuckDB instance with one view per schema object
 * (over csv/parquet/json files, or a table of a database attached READ_ONLY), then locked down (sandbox.ts); and, for
 * schema objects on a PostgreSQL server, a read-only connection to that server (engines/postgres/) whose tables are
 * queried where they are. engineOf() tells the shared code which engine (and SQL dialect) holds a schema object.
 * Every query runs on its own connection so it can be interrupted on timeout or cancellation without touching the
 * others. Source files are never written, moved or locked by us (DuckDB reads them).
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBResultReader } from '@duckdb/node-api';
import { DEFAULT_QUERY_TIMEOUT_MS, type DataLimits } from '../../shared/dataAccess.js';
import { loadDuckDB } from './duckdb.js';
import { toRows } from './rows.js';
import { assertUntrustedQuery, baseConfig, cleanDuckDBMessage, lockDown, prepareUntrusted, sqlIdent, sqlString, tablesOfSerialized } from './sandbox.js';
import type { TableRef } from '../sql/types.js';
import type { ResolvedSource, SourceError } from './sources.js';
import { duckdbDialect } from './dialects/duckdb.js';
import { isTextSource, rawTextSelect } from './rawText.js';
import type { EngineQueryOptions, QueryEngine } from './engines/queryEngine.js';
import { PgInterrupted, PostgresEngine } from './engines/postgres/engine.js';
import { MysqlEngine, MysqlInterrupted } from './engines/mysql/engine.js';
import { describeDatabase } from './engines/postgres/connection.js';
import { postgresServerRef, type DatabaseLogins } from './logins.js';
import { filterConditions, type RowFilterOptions } from './rowFilters.js';

/** The sources to register and the limits (timeoutMs: default of every query, default DEFAULT_QUERY_TIMEOUT_MS). */
export interface SessionOptions extends DataLimits {
  sources: ResolvedSource[];
  /** Errors already found while resolving sources: reported again by sourceErrors(), so callers hold one list. */
  sourceErrors?: SourceError[];
  /** Folders the ENGINE may write to (e.g. `--failed-rows DIR`); untrusted SQL still cannot (statement check). */
  writeDirs?: string[];
  /** Logins the front end keeps (the editor's secret storage; else the environment's) and how connections went. */
  logins?: DatabaseLogins;
  /** `--filter`: the tables are read through their predicates (rowFilters.ts); a bad filter rejects open(). */
  rowFilters?: RowFilterOptions;
  /** Read these CSV/JSON sources as the text they hold, every column VARCHAR (rawText.ts; clean reads so). */
  rawText?: (source: ResolvedSource) => boolean;
}

export interface ColumnInfo {
  name: string;
  /** DuckDB type as DESCRIBE prints it, e.g. `BIGINT`, `VARCHAR`, `TIMESTAMP WITH TIME ZONE`, `DECIMAL(10,2)`. */
  type: string;
  nullable: boolean;
}

export interface QueryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Refuse results larger than this (rows are streamed; the query stops there). queryUntrusted default: 100,000. */
  maxRows?: number;
}

/** A contract's SQL must not make the engine hold millions of rows in memory. */
export const UNTRUSTED_MAX_ROWS = 100_000;

/** Thrown when a query is interrupted by its timeout or its AbortSignal. */
export class QueryInterrupted extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled', message: string) {
    super(message);
    this.name = 'QueryInterrupted';
  }
}

export class TooManyRows extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TooManyRows';
  }
}

interface Registered {
  source: ResolvedSource;
  /** The relation as the engine names it (already quoted). */
  view: string;
  columns: ColumnInfo[];
  /** The PostgreSQL server holding the table; undefined for DuckDB. */
  engine?: PostgresEngine;
  /** The MySQL/MariaDB server holding the table. */
  mysql?: MysqlEngine;
  /** Read through a `--filter` predicate. */
  filtered?: boolean;
  /** A database table's plain name and the `--filter` condition its relation applies (clean orders by `ctid`). */
  table?: { name: string; where?: string };
}

const DEFAULT_TIMEOUT_MS = DEFAULT_QUERY_TIMEOUT_MS;

export class DataSession {
  private readonly registered = new Map<string, Registered>();
  private readonly errors: SourceError[] = [];
  private readonly active = new Set<DuckDBConnection>();
  private readonly servers = new Map<string, PostgresEngine>();
  private readonly mysqlServers = new Map<string, MysqlEngine>();
  private closed = false;
  /** DuckDB as a QueryEngine: files and DuckDB databases. */
  readonly duckdb: QueryEngine = {
    id: 'duckdb',
    dialect: duckdbDialect,
    query: (sql, opts) => this.query(sql, opts),
    queryUntrusted: (sql, opts) => this.queryUntrusted(sql, opts),
  };

  /** DuckDB: created by open() when a source needs it, else on first use (duck()). */
  private instance?: DuckDBInstance;
  private opening?: Promise<DuckDBInstance>;

  private constructor(
    private readonly options: SessionOptions,
    readonly timeoutMs: number,
  ) {}

  static async open(options: SessionOptions): Promise<DataSession> {
    const session = new DataSession(options, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    session.errors.push(...(options.sourceErrors ?? []));
    const where = await filterConditions(options.sources, options.sourceErrors ?? [], options.rowFilters ?? {});
    // Tables of database servers only (the editor's drift reads their columns from the catalogs): DuckDB is loaded
    // when a query first needs it, if ever. Loading it costs a language server ~35 MB (its library and allocator
    // arenas) that the process never hands back.
    if (options.sources.every((s) => s.kind === 'postgres' || s.kind === 'mysql')) {
      try {
        await session.registerPostgres(options.sources.filter((s) => s.kind === 'postgres'), where, options.logins);
        await session.registerMysql(options.sources.filter((s) => s.kind === 'mysql'), where);
      } catch (e) {
        await session.closeServers();
        throw e;
      }
      return session;
    }
    const instance = await createInstance(options);
    session.instance = instance;
    const conn = await instance.connect();
    // Creating a view binds it (a Parquet footer, a CSV sniff of the sample): bounded by the same timeout as a query,
    // per source.
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => conn.interrupt(), session.timeoutMs);
    };
    try {
      const readPaths: string[] = [];
      const created: { source: ResolvedSource; view: string; filtered: boolean; columns?: ColumnInfo[] }[] = [];
      const attached = new Map<string, string>();
      let n = 0;
      await session.registerPostgres(options.sources.filter((s) => s.kind === 'postgres'), where, options.logins);
      await session.registerMysql(options.sources.filter((s) => s.kind === 'mysql'), where);
      for (const source of options.sources) {
        if (source.kind === 'postgres' || source.kind === 'mysql') continue;
        const view = `cl${++n}_${source.schemaName.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}`;
        arm();
        try {
          let from: string;
          if (source.kind === 'duckdb') {
            const db = source.database ?? source.paths[0];
            let alias = attached.get(db);
            if (!alias) {
              alias = `cldb${attached.size + 1}`;
              await conn.run(`ATTACH ${sqlString(db)} AS ${sqlIdent(alias)} (READ_ONLY)`);
              attached.set(db, alias);
            }
            from = `${sqlIdent(alias)}.${sqlIdent(source.dbSchema ?? 'main')}.${sqlIdent(source.table ?? source.schemaName)}`;
          } else {
            from = readerCall(source);
          }
          const cond = where.get(source);
          const filter = cond ? ` WHERE ${cond}` : '';
          await conn.run(`CREATE VIEW ${sqlIdent(view)} AS SELECT * FROM ${from}${filter}`);
          if (options.rawText?.(source) && isTextSource(source)) {
            // Read as text, a --filter sees the text values too (clean of a CSV/JSON source).
            const columns = (await viewColumns(conn, [view])).get(view) ?? [];
            await conn.run(`CREATE OR REPLACE VIEW ${sqlIdent(view)} AS SELECT * FROM (${rawTextSelect(source, columns.map((c) => c.name))}) AS cl_raw${filter}`);
          }
          // A DuckDB table's NOT NULL constraints show through DESCRIBE of its view (drift's CL204), not in the catalog's
          // view columns; describing it binds a table, not a file.
          created.push({ source, view, filtered: !!cond, columns: source.kind === 'duckdb' ? await describe(conn, view) : undefined });
        } catch (e) {
          await session.dropFailed(conn, source, view, e, where.get(source));
        }
      }
      clearTimeout(timer);
      // Every view's columns in one catalog query, as bound when it was created.
      const columnsOf = await viewColumns(conn, created.filter((c) => !c.columns).map((c) => c.view));
      for (const { source, view, filtered, columns: described } of created) {
        const columns = described ?? columnsOf.get(view) ?? [];
        try {
          assertSplitIntoColumns(source, columns);
        } catch (e) {
          await session.dropFailed(conn, source, view, e, where.get(source));
          continue;
        }
        session.registered.set(key(source.contractUri, source.schemaName), { source, view, columns, filtered });
        readPaths.push(...source.paths);
      }
      await lockDown(conn, readPaths, options.writeDirs);
    } catch (e) {
      clearTimeout(timer);
      conn.closeSync();
      instance.closeSync();
      await session.closeServers();
      throw e;
    }
    conn.closeSync();
    return session;
  }

  /** A source whose view failed (to bind, or to split into columns): its view goes, its error is kept. */
  private async dropFailed(conn: DuckDBConnection, source: ResolvedSource, view: string, e: unknown, filter: string | undefined): Promise<void> {
    await conn.run(`DROP VIEW IF EXISTS ${sqlIdent(view)}`).catch(() => undefined);
    this.errors.push({
      contractUri: source.contractUri,
      schemaName: source.schemaName,
      serverName: source.serverName,
      message: describeSourceError(source, e, this.timeoutMs, filter),
      node: source.node,
    });
  }

  /** The SQL name (a quoted view) of a schema object's data. Throws when the source is unknown or failed to register. */
  relation(contractUri: string, schemaName: string): string {
    const r = this.registered.get(key(contractUri, schemaName));
    if (!r) {
      const err = this.errors.find((e) => e.contractUri === contractUri && (e.schemaName === schemaName || e.schemaName === undefined));
      throw new Error(err ? err.message : `No data source registered for schema object "${schemaName}" of ${contractUri}.`);
    }
    return r.engine || r.mysql ? r.view : sqlIdent(r.view);
  }

  /** The engine holding a schema object's data (DuckDB, or its PostgreSQL server). */
  engineOf(contractUri: string, schemaName: string): QueryEngine {
    const r = this.registered.get(key(contractUri, schemaName));
    if (r?.mysql) return databaseQueryEngine(r.mysql, (e): e is MysqlInterrupted => e instanceof MysqlInterrupted);
    return r?.engine ? databaseQueryEngine(r.engine, (e): e is PgInterrupted => e instanceof PgInterrupted) : this.duckdb;
  }

  /** One connection per PostgreSQL server; every table's columns from the catalog; failures per schema object. */
  private async registerPostgres(sources: ResolvedSource[], where: ReadonlyMap<ResolvedSource, string>, logins?: DatabaseLogins): Promise<void> {
    const byServer = new Map<string, ResolvedSource[]>();
    for (const s of sources) {
      // Server entries naming the same database (any schema) share one engine: their tables join in one query.
      const k = describeDatabase(s.postgres!);
      byServer.set(k, [...(byServer.get(k) ?? []), s]);
    }
    for (const group of byServer.values()) {
      const first = group[0];
      let engine: PostgresEngine;
      const ref = postgresServerRef(first.serverName, first.postgres!);
      try {
        const credentials = await logins?.credentials?.(ref);
        engine = await PostgresEngine.connect(first.postgres!, { timeoutMs: this.timeoutMs, credentials });
        logins?.report?.(ref, { state: 'connected', role: engine.role });
      } catch (e) {
        logins?.report?.(ref, { state: 'failed', message: (e as Error).message });
        // One message for the server (said once per schema object, each placed on the server entry; reason
        // `connection` lets a front end say it once).
        for (const s of group) this.errors.push({ contractUri: s.contractUri, schemaName: s.schemaName, serverName: s.serverName, message: (e as Error).message, node: s.node, reason: 'connection' });
        continue;
      }
      this.servers.set(describeDatabase(first.postgres!), engine);
      for (const s of group) {
        try {
          const columns = await engine.columns(s.table!, s.postgres!.schema);
          if (!columns.length) throw new Error(`table ${s.postgres!.schema}.${s.table} does not exist on ${engine.describe()} (or the role cannot see it)`);
          const view = await filteredRelation(engine, engine.relation(s.table!, s.postgres!.schema), where.get(s));
          this.registered.set(key(s.contractUri, s.schemaName), { source: s, view, columns, engine, filtered: where.has(s), table: { name: engine.relation(s.table!, s.postgres!.schema), where: where.get(s) } });
        } catch (e) {
          this.errors.push({ contractUri: s.contractUri, schemaName: s.schemaName, serverName: s.serverName, message: `Cannot read the data of "${s.schemaName}": ${(e as Error).message}`, node: s.node });
        }
      }
    }
  }

  /** One connection per MySQL/MariaDB server, as for PostgreSQL; columns from information_schema. */
  private async registerMysql(sources: ResolvedSource[], where: ReadonlyMap<ResolvedSource, string>): Promise<void> {
    const byServer = new Map<string, ResolvedSource[]>();
    for (const s of sources) {
      const k = `${s.mysql!.host}:${s.mysql!.port}/${s.mysql!.database}\u0000${s.serverName ?? ''}`;
      byServer.set(k, [...(byServer.get(k) ?? []), s]);
    }
    for (const [k, group] of byServer) {
      let engine: MysqlEngine;
      try {
        engine = await MysqlEngine.connect(group[0].mysql!, { timeoutMs: this.timeoutMs });
      } catch (e) {
        for (const s of group) this.errors.push({ contractUri: s.contractUri, schemaName: s.schemaName, serverName: s.serverName, message: (e as Error).message, node: s.node, reason: 'connection' });
        continue;
      }
      this.mysqlServers.set(k, engine);
      for (const s of group) {
        try {
          const columns = await engine.columns(s.table!);
          if (!columns.length) throw new Error(`table ${s.mysql!.database}.${s.table} does not exist on ${engine.describe()} (or the user cannot see it)`);
          const view = await filteredRelation(engine, engine.relation(s.table!), where.get(s));
          this.registered.set(key(s.contractUri, s.schemaName), { source: s, view, columns, mysql: engine, filtered: where.has(s), table: { name: engine.relation(s.table!), where: where.get(s) } });
        } catch (e) {
          this.errors.push({ contractUri: s.contractUri, schemaName: s.schemaName, serverName: s.serverName, message: `Cannot read the data of "${s.schemaName}": ${(e as Error).message}`, node: s.node });
        }
      }
    }
  }

  private async closeServers(): Promise<void> {
    await Promise.all([...this.servers.values(), ...this.mysqlServers.values()].map((e) => e.close()));
    this.servers.clear();
    this.mysqlServers.clear();
  }

  /**
   * A database table's plain name and its `--filter` condition, for a query that needs the table itself (PostgreSQL's
   * `ctid` is a column of the table, not of the derived table a filter makes). Undefined for DuckDB's sources.
   */
  serverTable(contractUri: string, schemaName: string): { name: string; where?: string } | undefined {
    return this.registered.get(key(contractUri, schemaName))?.table;
  }

  /** Whether the schema object is read through a `--filter` predicate (its relation is then not its plain table). */
  isFiltered(contractUri: string, schemaName: string): boolean {
    return this.registered.get(key(contractUri, schemaName))?.filtered === true;
  }

  hasRelation(contractUri: string, schemaName: string): boolean {
    return this.registered.has(key(contractUri, schemaName));
  }

  /** The columns of a schema object's data as DuckDB bound them at registration (types as DESCRIBE prints them). */
  columns(contractUri: string, schemaName: string): ColumnInfo[] | undefined {
    return this.registered.get(key(contractUri, schemaName))?.columns;
  }

  source(contractUri: string, schemaName: string): ResolvedSource | undefined {
    return this.registered.get(key(contractUri, schemaName))?.source;
  }

  sources(): ResolvedSource[] {
    return [...this.registered.values()].map((r) => r.source);
  }

  /** Errors found while registering sources (missing file, broken CSV…), per schema object. */
  sourceErrors(): SourceError[] {
    return [...this.errors];
  }

  /** Engine-generated SQL. */
  query(sql: string, opts: QueryOptions = {}): Promise<Record<string, unknown>[]> {
    return this.withConnection(opts, (conn) => (opts.maxRows !== undefined ? conn.streamAndReadUntil(sql, opts.maxRows + 1) : conn.runAndReadAll(sql)));
  }

  /**
   * SQL that came from a contract: ONE plain read-only query (checked with DuckDB's own parser first), else throws.
   * `bind` wraps the checked text before it runs (checks/sqlNames.ts binds the contract's table names around it).
   */
  queryUntrusted(sql: string, opts: QueryOptions & { bind?: (sql: string) => string } = {}): Promise<Record<string, unknown>[]> {
    const limited = { ...opts, maxRows: opts.maxRows ?? UNTRUSTED_MAX_ROWS };
    return this.withConnection(limited, async (conn) => {
      if (opts.bind) await assertUntrustedQuery(conn, sql);
      const prepared = await prepareUntrusted(conn, opts.bind ? opts.bind(sql) : sql);
      try {
        return await prepared.streamAndReadUntil(limited.maxRows + 1);
      } finally {
        prepared.destroySync();
      }
    });
  }

  /**
   * A new in-memory table `name` (`_source_row BIGINT` then one VARCHAR per column) filled by `fill` batch by batch:
   * rows read from a database server are appended as they arrive, numbered 1, 2, … in that order, so the client
   * holds one batch at a time (DuckDB holds the table, spilling as its memory limit says).
   */
  async loadTextTable(name: string, columns: string[], fill: (append: (rows: (string | null)[][]) => void) => Promise<void>): Promise<void> {
    if (this.closed) throw new Error('The data session is closed.');
    const conn = await (await this.duck()).connect();
    try {
      await conn.run(`CREATE TABLE ${sqlIdent(name)} (_source_row BIGINT, ${columns.map((c) => `${sqlIdent(c)} VARCHAR`).join(', ')})`);
      const appender = await conn.createAppender(name);
      let n = 0n;
      try {
        await fill((rows) => {
          for (const row of rows) {
            appender.appendBigInt(++n);
            for (const v of row) {
              if (v === null || v === undefined) appender.appendNull();
              else appender.appendVarchar(v);
            }
            appender.endRow();
          }
          appender.flushSync();
        });
      } finally {
        appender.closeSync();
      }
    } finally {
      conn.closeSync();
    }
  }

  /** The tables a query reads, by DuckDB's parser (nothing is bound or run); undefined when it does not parse. */
  async tablesOf(sql: string, opts: QueryOptions = {}): Promise<TableRef[] | undefined> {
    const [row] = await this.query(`SELECT json_serialize_sql(${sqlString(sql)}) AS j`, opts);
    return tablesOfSerialized(String(row?.j ?? ''));
  }

  /**
   * The session's DuckDB, created on first use when open() did not need it: locked down like one open() creates,
   * with no file to read (a database server's tables reach DuckDB as loaded tables, never as paths).
   */
  private duck(): Promise<DuckDBInstance> {
    if (this.instance) return Promise.resolve(this.instance);
    this.opening ??= (async () => {
      const instance = await createInstance(this.options);
      const conn = await instance.connect();
      try {
        await lockDown(conn, [], this.options.writeDirs);
      } catch (e) {
        instance.closeSync();
        throw e;
      } finally {
        conn.closeSync();
      }
      if (this.closed) instance.closeSync();
      else this.instance = instance;
      return instance;
    })();
    return this.opening;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.active) c.interrupt();
    const instance = this.instance ?? (await this.opening?.catch(() => undefined));
    instance?.closeSync();
    await this.closeServers();
  }

  private async withConnection(opts: QueryOptions, run: (conn: DuckDBConnection) => Promise<DuckDBResultReader>): Promise<Record<string, unknown>[]> {
    if (this.closed) throw new Error('The data session is closed.');
    if (opts.signal?.aborted) throw new QueryInterrupted('cancelled', 'The query was cancelled.');
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    let conn: DuckDBConnection;
    try {
      conn = await (await this.duck()).connect();
    } catch (e) {
      // Closed while DuckDB was being created for this first query.
      if (this.closed) throw new QueryInterrupted('cancelled', 'The data session was closed while the query ran.');
      throw e;
    }
    this.active.add(conn);
    let interrupted: 'timeout' | 'cancelled' | undefined;
    const interrupt = (why: 'timeout' | 'cancelled') => {
      interrupted ??= why;
      conn.interrupt();
    };
    const timer = setTimeout(() => interrupt('timeout'), timeoutMs);
    const onAbort = () => interrupt('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reader = await run(conn);
      if (interrupted) throw interruptedError(interrupted, timeoutMs);
      if (opts.maxRows !== undefined && reader.currentRowCount > opts.maxRows) {
        throw new TooManyRows(`The query returned more than ${opts.maxRows.toLocaleString('en-US')} rows; aggregate or filter it (a check query should return a few rows).`);
      }
      return toRows(reader);
    } catch (e) {
      if (interrupted) throw interruptedError(interrupted, timeoutMs);
      if (this.closed) throw new QueryInterrupted('cancelled', 'The data session was closed while the query ran.');
      if (e instanceof Error && (e.name === 'UntrustedSqlRejected' || e instanceof TooManyRows)) throw e;
      throw new Error(cleanDuckDBMessage(e));
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      this.active.delete(conn);
      if (!this.closed) conn.closeSync();
    }
  }
}

function interruptedError(why: 'timeout' | 'cancelled', timeoutMs: number): QueryInterrupted {
  return why === 'timeout'
    ? new QueryInterrupted('timeout', `The query took longer than ${timeoutMs} ms and was stopped.`)
    : new QueryInterrupted('cancelled', 'The query was cancelled.');
}

/** The driver-level engine a database server's session wraps (engines/postgres, engines/mysql). */
type DatabaseEngine = Pick<PostgresEngine, 'describe' | 'dialect' | 'query' | 'queryUntrusted' | 'stream'> & { rowOrder(table: string, schema?: string): ReturnType<PostgresEngine['rowOrder']> };

/**
 * A database server as a QueryEngine: its driver's own interruption error (timeout, cancel) becomes the session's
 * QueryInterrupted, so callers handle one error for every engine.
 */
function databaseQueryEngine(engine: DatabaseEngine, interrupted: (e: unknown) => e is { reason: 'timeout' | 'cancelled'; message: string }): QueryEngine {
  const wrap = <T>(p: Promise<T>): Promise<T> => p.catch((e: unknown) => {
    throw interrupted(e) ? new QueryInterrupted(e.reason, e.message) : e;
  });
  return {
    id: engine.describe(),
    dialect: engine.dialect,
    query: (sql, opts?: EngineQueryOptions) => wrap(engine.query(sql, opts)),
    queryUntrusted: (sql, opts?: EngineQueryOptions) => wrap(engine.queryUntrusted(sql, { ...opts, maxRows: opts?.maxRows ?? UNTRUSTED_MAX_ROWS })),
    stream: (sql, batch, onRows, opts) => wrap(engine.stream(sql, batch, onRows, opts)),
    rowOrder: (table, schema) => wrap(engine.rowOrder(table, schema)),
  };
}

/**
 * A database table read through a `--filter` predicate: a derived table, written where the table's name would be
 * (every generated query gives its relation an alias, which PostgreSQL before 16 and MySQL require). Bound once here
 * (no row read) so that a predicate naming no column of the table fails at registration, said once.
 */
async function filteredRelation(engine: { query(sql: string): Promise<unknown> }, table: string, cond: string | undefined): Promise<string> {
  if (!cond) return table;
  const rel = `(SELECT * FROM ${table} WHERE ${cond})`;
  try {
    await engine.query(`SELECT 1 AS ok FROM ${rel} AS cl_f WHERE 1 = 0`);
  } catch (e) {
    throw new Error(`the --filter does not apply to its data: ${(e as Error).message}`);
  }
  return rel;
}

function key(contractUri: string, schemaName: string): string {
  return `${contractUri}\u0000${schemaName}`;
}

/** The DuckDB table function reading a file source. Several files are read by column name (a glob over exports). */
export function readerCall(source: ResolvedSource): string {
  const files = `[${source.paths.map(sqlString).join(', ')}]`;
  const many = source.paths.length > 1 ? ', union_by_name = true' : '';
  switch (source.format) {
    case 'parquet':
      return `read_parquet(${files}${many})`;
    case 'json':
      return `read_json(${files}, format = 'auto'${many})`;
    default: {
      const delim = source.delimiter ? `, delim = ${sqlString(source.delimiter)}` : '';
      // skip = 0: the header is the first line. Left to guess, DuckDB's sniffer skips a broken first stretch of a
      // file and takes a later line for the header, so every declared column would look missing instead of broken.
      return `read_csv(${files}, header = true, skip = 0${delim}${many})`;
    }
  }
}

async function describe(conn: DuckDBConnection, view: string): Promise<ColumnInfo[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE ${sqlIdent(view)}`);
  return reader.getRowObjectsJson().map((r) => ({ name: String(r.column_name), type: String(r.column_type), nullable: r.null !== 'NO' }));
}

/**
 * The columns of views of this session's database, from the catalog, as DuckDB bound them when each view was created.
 * `DESCRIBE view` would bind the view again: read a Parquet footer again, or sniff a CSV again (~150 ms for the
 * 1M-row orders CSV of bench/checks.mjs). The type text is DESCRIBE's (`DECIMAL(10,2)`, `STRUCT(a INTEGER, …)`);
 * every column of a view over files is nullable.
 */
async function viewColumns(conn: DuckDBConnection, views: string[]): Promise<Map<string, ColumnInfo[]>> {
  const out = new Map<string, ColumnInfo[]>(views.map((v) => [v, []]));
  if (!views.length) return out;
  const reader = await conn.runAndReadAll(
    `SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN (${views.map(sqlString).join(', ')}) ORDER BY table_name, column_index`,
  );
  for (const r of reader.getRowObjectsJson()) out.get(String(r.table_name))?.push({ name: String(r.column_name), type: String(r.data_type), nullable: r.is_nullable !== false });
  return out;
}

/**
 * A CSV whose quoting or delimiter is broken near its start is read as ONE column named like the whole header line
 * (`id,name,…`): say that the file is broken, rather than let every declared column look missing downstream.
 */
function assertSplitIntoColumns(source: ResolvedSource, columns: ColumnInfo[]): void {
  const delimiter = source.delimiter ?? ',';
  if (source.kind !== 'file' || (source.format && source.format !== 'csv') || columns.length !== 1 || !columns[0].name.includes(delimiter)) return;
  throw new Error(`DuckDB could not split its lines into columns (the header reads as one column "${columns[0].name.slice(0, 80)}"); a quote or delimiter in the file is broken.`);
}

/** A registration failure as a person reads it: which schema object, which file, what DuckDB said. */
function describeSourceError(source: ResolvedSource, e: unknown, timeoutMs: number, filter?: string): string {
  const what = source.kind === 'duckdb' ? `table ${source.table} in ${source.database}` : source.paths.length === 1 ? source.paths[0] : `${source.paths.length} files (${source.paths[0]}, …)`;
  if (/Interrupt/i.test(cleanDuckDBMessage(e))) return `Cannot read the data of "${source.schemaName}" from ${what}: reading its columns took longer than ${timeoutMs} ms.`;
  const through = filter ? ` through its --filter (${filter.replace(/\s+/g, ' ').trim()})` : '';
  return `Cannot read the data of "${source.schemaName}" from ${what}${through}: ${cleanDuckDBMessage(e).replace(/\n+\s*LINE \d+:[\s\S]*$/, '')}`;
}

async function createInstance(options: SessionOptions): Promise<DuckDBInstance> {
  const { DuckDBInstance } = await loadDuckDB();
  return DuckDBInstance.create(':memory:', baseConfig(options.threads, options.memoryLimit)).catch((e: unknown) => {
    // DuckDB says only "Failed to set config": name what the user set (CLI options or editor settings).
    throw new Error(`DuckDB refused its settings (threads: ${options.threads ?? 'default'}, memory limit: ${options.memoryLimit ?? 'default'}): ${(e as Error)?.message ?? e}. A memory limit looks like 2GB or 512MB.`);
  });
}
