/**
 * A read-only MySQL/MariaDB session for `type: mysql` servers, through `mysql2` (loaded on first use). ODCS gives
 * `host`, `port`, `database`; credentials never come from the contract but from the environment
 * (`DATACONTRACT_MYSQL_USERNAME`/`_PASSWORD`, as datacontract-cli reads them, else `MYSQL_USER`/`MYSQL_PWD`, the
 * mysql client's own). Every session is READ ONLY, in UTC, utf8mb4, with a server-side statement timeout
 * (`max_statement_time` on MariaDB, `max_execution_time` on MySQL), one statement per call and LOCAL INFILE off.
 */
import type { Server } from '../../../model/types.js';
import { checkUntrustedMysql, checkWithMysqlParser } from './sandbox.js';
import { mysql2 } from './driver.js';

export interface MysqlTarget {
  host: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
}

export interface MysqlColumn {
  name: string;
  type: string;
  nullable: boolean;
}

/** `${VAR}` in a server field (ODCS v3.2 variables) from the environment. */
function expand(value: unknown, env: NodeJS.ProcessEnv): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, v: string) => env[v] ?? '');
}

/** Where to connect, or a message saying what the server entry lacks. */
export function mysqlTarget(server: Server, env: NodeJS.ProcessEnv = process.env): MysqlTarget | { error: string } {
  const f = (k: string) => expand(server.fields.get(k)?.value, env);
  const name = server.name?.value ?? 'mysql';
  const host = f('host') || env.MYSQL_HOST || '127.0.0.1';
  const port = Number(f('port') || env.MYSQL_TCP_PORT || 3306);
  const database = f('database') || f('schema');
  if (!database) return { error: `Server "${name}" of type mysql needs a \`database\`.` };
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return { error: `Server "${name}": port ${f('port')} is not a TCP port.` };
  return {
    host,
    port,
    database,
    ...mysqlEnvCredentials(env),
  };
}

/** Who connects when nothing more explicit says: datacontract-cli's variables, else the mysql client's own. */
export function mysqlEnvCredentials(env: NodeJS.ProcessEnv = process.env): { user?: string; password?: string } {
  return { user: env.DATACONTRACT_MYSQL_USERNAME || env.MYSQL_USER || undefined, password: env.DATACONTRACT_MYSQL_PASSWORD ?? env.MYSQL_PWD ?? undefined };
}

export function mysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

type Conn = import('mysql2/promise').Connection;

export class MysqlSession {
  private constructor(private readonly conn: Conn, readonly mariadb: boolean, readonly target: MysqlTarget) {}

  static async open(target: MysqlTarget, timeoutMs = 30_000): Promise<MysqlSession> {
    const mysql = mysql2();
    const conn = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      multipleStatements: false,
      // LOAD DATA LOCAL INFILE would let the server read the client's files: the capability is not even offered.
      flags: ['-LOCAL_FILES'],
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      dateStrings: true,
      timezone: 'Z',
      charset: 'UTF8MB4_BIN',
      connectTimeout: Math.min(timeoutMs, 30_000),
    }).catch((e: unknown) => {
      throw new Error(`Cannot connect to MySQL at ${target.host}:${target.port} (database ${target.database}${target.user ? `, user ${target.user}` : ''}): ${(e as Error).message}`);
    });
    try {
      const [rows] = await conn.query('SELECT VERSION() AS v');
      const mariadb = /mariadb/i.test(String((rows as { v: unknown }[])[0]?.v ?? ''));
      const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
      await conn.query('SET SESSION TRANSACTION READ ONLY');
      await conn.query("SET SESSION time_zone = '+00:00'");
      await conn.query(mariadb ? `SET SESSION max_statement_time = ${seconds}` : `SET SESSION max_execution_time = ${seconds * 1000}`);
      return new MysqlSession(conn, mariadb, target);
    } catch (e) {
      await conn.end().catch(() => undefined);
      throw e;
    }
  }

  /** Engine-generated SQL (one statement). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const [rows] = await this.conn.query({ sql, rowsAsArray: false });
    return rows as Record<string, unknown>[];
  }

  /** SQL from a contract: one read-only query (sandbox.ts), else throws UntrustedSqlRejected; at most `maxRows` rows. */
  async queryUntrusted(sql: string, maxRows = 100_000): Promise<Record<string, unknown>[]> {
    const text = checkUntrustedMysql(sql);
    await checkWithMysqlParser(text, this.mariadb);
    // Wrapped so the server stops at maxRows + 1: the client never holds a whole table.
    const rows = await this.query(`SELECT * FROM (${text}\n) AS contract_query LIMIT ${maxRows + 1}`);
    if (rows.length > maxRows) throw new Error(`The query returned more than ${maxRows.toLocaleString('en-US')} rows; aggregate or filter it (a check query should return a few rows).`);
    return rows;
  }

  /** Streams the rows of a query in batches (the callback API's row stream, paused while a batch is handled). */
  stream(sql: string, batch: number, onRows: (rows: Record<string, unknown>[]) => Promise<void> | void): Promise<number> {
    const raw = (this.conn as unknown as { connection: { query(sql: string): { stream(): NodeJS.ReadableStream & { pause(): void; resume(): void } } } }).connection;
    return new Promise((resolve, reject) => {
      const rows = raw.query(sql).stream();
      let buffer: Record<string, unknown>[] = [];
      let n = 0;
      let failed = false;
      const flush = async () => {
        const out = buffer;
        buffer = [];
        n += out.length;
        if (out.length) await onRows(out);
      };
      rows.on('data', (row: unknown) => {
        buffer.push(row as Record<string, unknown>);
        if (buffer.length >= batch) {
          rows.pause();
          flush().then(() => rows.resume(), (e) => ((failed = true), reject(e)));
        }
      });
      rows.on('error', (e) => ((failed = true), reject(e)));
      rows.on('end', () => {
        if (!failed) flush().then(() => resolve(n), reject);
      });
    });
  }

  /** The server's id of this session's connection (what PROCESSLIST shows and KILL QUERY takes). */
  get threadId(): number | undefined {
    return (this.conn as unknown as { threadId?: number }).threadId ?? undefined;
  }

  /**
   * Stops the statement this session is running, from a second connection of the same user (a user may always kill
   * its own queries; no PROCESS or SUPER privilege needed). Best effort: the statement may have ended meanwhile.
   */
  async killQuery(): Promise<void> {
    const id = this.threadId;
    if (!id) return;
    const mysql = mysql2();
    const other = await mysql
      .createConnection({ host: this.target.host, port: this.target.port, user: this.target.user, password: this.target.password, multipleStatements: false, flags: ['-LOCAL_FILES'], connectTimeout: 10_000 })
      .catch(() => undefined);
    if (!other) return;
    try {
      await other.query(`KILL QUERY ${Number(id)}`);
    } catch {
      // Already finished: nothing to stop.
    } finally {
      await other.end().catch(() => undefined);
    }
  }

  /** A parameterised catalog query (information_schema), values bound by the driver. */
  async select(sql: string, values: unknown[]): Promise<Record<string, unknown>[]> {
    const [rows] = await this.conn.query(sql, values);
    return rows as Record<string, unknown>[];
  }

  /** The table's columns with their MySQL types (`decimal(10,2)`, `tinyint(1)`, `datetime(6)`…), in order. */
  async columns(table: string): Promise<MysqlColumn[]> {
    const [rows] = await this.conn.query(
      'SELECT column_name AS name, column_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
      [this.target.database, table],
    );
    return (rows as { name: string; type: string; nullable: string }[]).map((r) => ({ name: r.name, type: r.type, nullable: r.nullable === 'YES' }));
  }

  async close(): Promise<void> {
    await this.conn.end().catch(() => undefined);
  }
}
