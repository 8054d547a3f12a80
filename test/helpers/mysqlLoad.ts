/**
 * Loads test data into the run's MariaDB (scripts/services/mariadb.mjs) as the admin login: a table read from a
 * file by the real DuckDB (the same bytes the file-based tests read), or rows given by the test. The reader login the
 * product connects with cannot write; only tests load.
 */
import mysql from 'mysql2/promise';
import { DuckDBInstance } from '@duckdb/node-api';

export const MYSQL_ADMIN_URL = (): string => {
  const url = process.env.CONTRACTLENS_TEST_MYSQL_ADMIN_URL;
  if (!url) throw new Error('CONTRACTLENS_TEST_MYSQL_ADMIN_URL is not set: run the tests with node scripts/run-tests.mjs');
  return url;
};

/** The environment the CLI connects with: the SELECT-only reader, never the admin. */
export function mysqlReaderEnv(): Record<string, string> {
  return { DATACONTRACT_MYSQL_USERNAME: process.env.CONTRACTLENS_TEST_MYSQL_USER!, DATACONTRACT_MYSQL_PASSWORD: process.env.CONTRACTLENS_TEST_MYSQL_PASSWORD! };
}

/** A `servers` entry (YAML, 2-space list item) for the run's MariaDB. */
export function mysqlServerYaml(name: string): string {
  return `  - server: ${name}\n    type: mysql\n    host: 127.0.0.1\n    port: ${process.env.CONTRACTLENS_TEST_MYSQL_PORT}\n    database: ${process.env.CONTRACTLENS_TEST_MYSQL_DATABASE}\n`;
}

export async function withAdmin<T>(fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const c = await mysql.createConnection({ uri: MYSQL_ADMIN_URL(), timezone: 'Z', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    await c.query("SET time_zone = '+00:00'");
    return await fn(c);
  } finally {
    await c.end();
  }
}

function mysqlType(duck: string): string {
  const t = duck.toUpperCase();
  if (t === 'VARCHAR') return 'VARCHAR(255)';
  if (t.startsWith('TIMESTAMP')) return 'DATETIME(6)';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'DOUBLE';
  return t; // BIGINT, INTEGER, DECIMAL(p,s), DATE, BOOLEAN
}

/** Creates `table` (dropped first) and inserts the rows, in batches. */
export async function createTable(c: mysql.Connection, table: string, columns: { name: string; type: string }[], rows: unknown[][]): Promise<void> {
  await c.query(`DROP TABLE IF EXISTS \`${table}\``);
  await c.query(`CREATE TABLE \`${table}\` (${columns.map((col) => `\`${col.name}\` ${col.type}`).join(', ')}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  for (let i = 0; i < rows.length; i += 1000) {
    await c.query(`INSERT INTO \`${table}\` VALUES ?`, [rows.slice(i, i + 1000)]);
  }
}

/** Copies a file DuckDB reads (Parquet, CSV…) into a MariaDB table of the same name and column types. */
export async function loadFileIntoMysql(file: string, table: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM '${file.replace(/'/g, "''")}'`)).getRowObjectsJson();
    const columns = described.map((d) => ({ name: String(d.column_name), type: mysqlType(String(d.column_type)) }));
    const select = described.map((d) => (String(d.column_type).startsWith('TIMESTAMP') ? `strftime("${d.column_name}", '%Y-%m-%d %H:%M:%S.%f')` : `"${d.column_name}"`)).join(', ');
    const rows = (await conn.runAndReadAll(`SELECT ${select} FROM '${file.replace(/'/g, "''")}'`)).getRowsJson() as unknown[][];
    await withAdmin((c) => createTable(c, table, columns, rows));
    return rows.length;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
