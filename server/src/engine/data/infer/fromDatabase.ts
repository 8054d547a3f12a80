/**
 * Database tables → contract text, for `contractlens init --from postgres://… | mysql://…`. The catalog gives the
 * columns, types, nullability, keys and foreign keys; the profile (profile.ts, in the engine's own dialect, run in
 * the database through its read-only session) gives ranges, date formats of text columns and small value sets.
 *
 * Credentials: a user or password in the URL is used to connect and written nowhere (not in the contract, not in a
 * message); without them the engine's usual sources apply (PGUSER/PGPASSWORD/~/.pgpass, DATACONTRACT_*_USERNAME…).
 */
import { DEFAULT_QUERY_TIMEOUT_MS, type DataLimits } from '../../../shared/dataAccess.js';
import type { CatalogKeys } from '../engines/postgres/catalog.js';
import { describeTarget, type PostgresTarget } from '../engines/postgres/connection.js';
import { PostgresEngine } from '../engines/postgres/engine.js';
import { mysqlEnvCredentials, type MysqlTarget } from '../engines/mysql/connection.js';
import { MysqlEngine } from '../engines/mysql/engine.js';
import type { Dialect } from '../dialects/dialect.js';
import { buildContract, type InferredSchema } from './contract.js';
import type { InferFileResult } from './fromFile.js';
import { profileTable, type ProfiledColumn } from './profile.js';

export interface InferDatabaseOptions extends DataLimits {
  /** `postgres://[user[:password]@]host[:port]/database[?sslmode=…]` or `mysql://…/database` (also `postgresql:`, `mariadb:`). */
  url: string;
  /** Tables to describe (default: every table and view of the schema). */
  tables?: string[];
  /** PostgreSQL schema (default `public`); for MySQL the database (default: the URL's). */
  schema?: string;
  name?: string;
  env?: NodeJS.ProcessEnv;
}

/** Whether `--from` names a database rather than a file. */
export function isDatabaseUrl(from: string): boolean {
  return /^(postgres|postgresql|mysql|mariadb):\/\//i.test(from);
}

/** The common ground of both engines that inference needs. */
interface CatalogEngine {
  dialect: Dialect;
  tables(): Promise<string[]>;
  columns(table: string): Promise<ProfiledColumn[]>;
  keys(table: string): Promise<CatalogKeys>;
  relation(table: string): string;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

interface Opened {
  engine: CatalogEngine;
  /** `postgres://host:port/db (schema s)`: how messages and the description name it. */
  label: string;
  /** The schema whose tables this contract holds (foreign keys elsewhere are not written). */
  schema: string;
  server: Record<string, unknown>;
  defaultName: string;
}

export async function inferContractFromDatabase(o: InferDatabaseOptions): Promise<InferFileResult> {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    return { ok: false, message: 'the --from URL is not a valid URL (expected postgres://host:port/database or mysql://host:port/database).' };
  }
  const timeoutMs = o.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  let opened: Opened;
  try {
    opened = /^mysql|^mariadb/i.test(url.protocol) ? await openMysql(url, o, timeoutMs) : await openPostgres(url, o, timeoutMs);
  } catch (e) {
    return { ok: false, message: withoutPassword((e as Error).message, url) };
  }
  const { engine, label } = opened;
  try {
    // Catalog order depends on the server's collation: code-unit order is the same on every engine.
    const tables = o.tables?.length ? o.tables : (await engine.tables()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!tables.length) return { ok: false, message: `${label} has no tables the user can see.` };
    const schemas: InferredSchema[] = [];
    for (const table of tables) {
      const columns = await engine.columns(table);
      if (!columns.length) return { ok: false, message: `table ${opened.schema}.${table} does not exist on ${label} (or the user cannot see it).` };
      const keys = await engine.keys(table);
      const profile = await profileTable({ dialect: engine.dialect, relation: engine.relation(table), columns, query: (sql) => engine.query(sql) });
      schemas.push({ name: table, physicalName: table, profile, keys: { ...keys, foreignKeys: keys.foreignKeys.filter((f) => f.schema === opened.schema) } });
    }
    const name = o.name ?? contractName(o.tables?.length === 1 ? tables[0] : opened.defaultName);
    const rows = schemas.reduce((n, s) => n + s.profile.rows, 0);
    const text = buildContract({ name, sourceLabel: `${label} (${schemas.length === 1 ? `table ${tables[0]}, ` : `${schemas.length} tables, `}${rows} rows)`, server: opened.server, schemas });
    const props = schemas.reduce((n, s) => n + s.profile.columns.length, 0);
    const required = schemas.reduce((n, s) => n + s.profile.columns.filter((c) => !c.column.nullable).length, 0);
    return { ok: true, name, text, summary: `${schemas.length} schema object(s), ${props} properties from ${rows} rows of ${label} (${required} required)` };
  } catch (e) {
    return { ok: false, message: `Cannot profile ${label}: ${withoutPassword((e as Error).message, url)}` };
  } finally {
    await engine.close();
  }
}

async function openPostgres(url: URL, o: InferDatabaseOptions, timeoutMs: number): Promise<Opened> {
  const env = o.env ?? process.env;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || env.PGDATABASE;
  if (!database) throw new Error('the URL names no database (postgres://host:port/DATABASE) and PGDATABASE is not set.');
  const target: PostgresTarget = {
    host: hostOf(url) || env.PGHOST || 'localhost',
    port: Number(url.port || env.PGPORT || 5432),
    database,
    schema: o.schema ?? url.searchParams.get('schema') ?? 'public',
  };
  const pg = await PostgresEngine.connect(target, {
    timeoutMs,
    credentials: { user: decodeURIComponent(url.username) || undefined, password: url.password ? decodeURIComponent(url.password) : undefined, sslmode: url.searchParams.get('sslmode') ?? undefined },
  });
  return {
    engine: {
      dialect: pg.dialect,
      tables: () => pg.tables(),
      columns: (t) => pg.columns(t),
      keys: (t) => pg.keys(t),
      relation: (t) => pg.relation(t),
      query: (sql) => pg.query(sql),
      close: () => pg.close(),
    },
    label: describeTarget(target),
    schema: target.schema,
    server: { server: 'postgres', type: 'postgres', host: target.host, port: target.port, database: target.database, schema: target.schema },
    defaultName: target.schema === 'public' ? target.database : target.schema,
  };
}

async function openMysql(url: URL, o: InferDatabaseOptions, timeoutMs: number): Promise<Opened> {
  const env = o.env ?? process.env;
  const database = o.schema ?? decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error('the URL names no database (mysql://host:port/DATABASE); give one, or --schema DATABASE.');
  const fromEnv = mysqlEnvCredentials(env);
  const target: MysqlTarget = {
    host: hostOf(url) || env.MYSQL_HOST || '127.0.0.1',
    port: Number(url.port || env.MYSQL_TCP_PORT || 3306),
    database,
    user: decodeURIComponent(url.username) || fromEnv.user,
    password: url.password ? decodeURIComponent(url.password) : url.username ? undefined : fromEnv.password,
  };
  const my = await MysqlEngine.connect(target, { timeoutMs });
  return {
    engine: {
      dialect: my.dialect,
      tables: () => my.tables(),
      columns: (t) => my.columns(t),
      keys: (t) => my.keys(t),
      relation: (t) => my.relation(t),
      query: (sql) => my.query(sql),
      close: () => my.close(),
    },
    label: my.describe(),
    schema: database,
    server: { server: 'mysql', type: 'mysql', host: target.host, port: target.port, database },
    defaultName: database,
  };
}

/** `[::1]` → `::1`: the URL keeps IPv6 brackets that the drivers do not want. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** A driver message could echo the connection string: the password never reaches the user's terminal or a log. */
function withoutPassword(message: string, url: URL): string {
  if (!url.password) return message;
  return message.split(url.password).join('***').split(decodeURIComponent(url.password)).join('***');
}

/** A name a contract file and id can carry. */
function contractName(raw: string): string {
  const cleaned = raw.replace(/[^\w-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
