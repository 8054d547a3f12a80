/**
 * Primary and replica on two real PostgreSQL clusters (two ports), reconciled by segment checksums through the real
 * CLI as the read-only role: injected missing, extra and changed rows at known counts on a composite key, including
 * a NULL that became an empty string and a timestamptz shifted by one second, give exact counts per column; the
 * replica also against a Parquet export (PostgreSQL ↔ Parquet) and the MariaDB copy (PostgreSQL ↔ MySQL).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { createTable, mysqlReaderEnv, mysqlServerYaml, withAdmin } from '../helpers/mysqlLoad.ts';
import { scratchDir } from '../helpers/paths.ts';
import { pgpassFor, pgServerYaml } from '../helpers/postgres.ts';

interface Json {
  results: { rule: string; status: string; failedRows: number | null; observed: unknown; samples: Record<string, unknown>[]; message: string }[];
}
const P = 'CONTRACTLENS_TEST_PG_';
const R = 'CONTRACTLENS_TEST_PG_REPLICA_';
const N = 3000;
let dir: string;
let cliEnv: Record<string, string>;

// Row i: key (region, order_id, line_no) with a text part, every 5th note NULL, amounts numeric(10,2), timestamptz.
const row = (i: number): unknown[] => [
  ['eu', 'us', 'apac'][i % 3], Math.floor(i / 3) + 1, (i % 2) + 1, i % 5 === 0 ? null : `note ${i} é`, (((i * 37) % 10000) / 100).toFixed(2),
  `2025-0${(i % 9) + 1}-1${i % 10} 0${i % 10}:1${i % 6}:00.${String(i % 1000).padStart(3, '0')}+0${i % 3}`,
];
const COLS = ['region text', 'order_id bigint', 'line_no int', 'note text', 'amount numeric(10,2)', 'shipped_at timestamptz'];

async function load(prefix: string, edit?: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: process.env[`${prefix}SUPERUSER_URL`] });
  await c.connect();
  try {
    await c.query(`DROP TABLE IF EXISTS lines; CREATE TABLE lines (${COLS.join(', ')}, PRIMARY KEY (region, order_id, line_no))`);
    const rows = Array.from({ length: N }, (_, i) => row(i));
    for (let k = 0; k < rows.length; k += 500) {
      const chunk = rows.slice(k, k + 500);
      await c.query(`INSERT INTO lines VALUES ${chunk.map((_, j) => `(${COLS.map((__, m) => `$${j * COLS.length + m + 1}`).join(', ')})`).join(', ')}`, chunk.flat());
    }
    if (edit) await edit(c);
  } finally {
    await c.end();
  }
}

before(async () => {
  ensureBuilt();
  dir = scratchDir('cl-pg-replica-');
  await load(P);
  const key = (i: number) => row(i).slice(0, 3);
  const keys = (is: number[]) => is.map((i) => `('${key(i)[0]}', ${key(i)[1]}, ${key(i)[2]})`).join(', ');
  await load(R, async (c) => {
    await c.query(`DELETE FROM lines WHERE (region, order_id, line_no) IN (${keys([0, 100, 200, 300])})`); // 4 missing
    await c.query("INSERT INTO lines VALUES ('eu', 99999, 1, NULL, 1.00, '2025-01-01 00:00:00+00'), ('mars', 1, 1, 'x', 2.00, '2025-01-01 00:00:00+00')"); // 2 extra
    await c.query(`UPDATE lines SET amount = amount + 0.01 WHERE (region, order_id, line_no) IN (${keys([10, 20, 30])})`); // 3 amounts
    await c.query(`UPDATE lines SET note = '' WHERE (region, order_id, line_no) IN (${keys([45])}) AND note IS NULL`); // NULL -> ''
    await c.query(`UPDATE lines SET shipped_at = shipped_at + INTERVAL '1 second' WHERE (region, order_id, line_no) IN (${keys([50, 61])})`); // 2 timestamps
  });
  // A Parquet export of the primary and a MariaDB copy of it: other engines holding the same rows.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run("SET TimeZone = 'UTC'");
  await conn.run(`CREATE TABLE lines (region VARCHAR, order_id BIGINT, line_no INTEGER, note VARCHAR, amount DECIMAL(10,2), shipped_at TIMESTAMPTZ)`);
  const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v)}'`);
  await conn.run(`INSERT INTO lines VALUES ${Array.from({ length: N }, (_, i) => `(${row(i).map(lit).join(', ')})`).join(', ')}`);
  await conn.run(`COPY lines TO '${join(dir, 'lines.parquet')}' (FORMAT parquet)`);
  const utc = (await conn.runAndReadAll("SELECT region, order_id, line_no, note, amount, strftime(timezone('UTC', shipped_at), '%Y-%m-%d %H:%M:%S.%f') FROM lines")).getRowsJson() as unknown[][];
  conn.closeSync();
  db.closeSync();
  await withAdmin((m) => createTable(m, 'lines', [{ name: 'region', type: 'VARCHAR(10)' }, { name: 'order_id', type: 'BIGINT' }, { name: 'line_no', type: 'INT' }, { name: 'note', type: 'VARCHAR(40)' }, { name: 'amount', type: 'DECIMAL(10,2)' }, { name: 'shipped_at', type: 'DATETIME(6)' }], utc));
  writeFileSync(join(dir, 'lines.odcs.yaml'), `apiVersion: v3.1.0
kind: DataContract
id: urn:test:lines
version: 1.0.0
status: active
servers:
${pgServerYaml('primary', P)}${pgServerYaml('replica', R)}  - server: export
    type: local
    format: parquet
    path: ./lines.parquet
${mysqlServerYaml('mariadb')}schema:
  - name: lines
    properties:
      - { name: region, logicalType: string, primaryKey: true, primaryKeyPosition: 1 }
      - { name: order_id, logicalType: integer, primaryKey: true, primaryKeyPosition: 2 }
      - { name: line_no, logicalType: integer, primaryKey: true, primaryKeyPosition: 3 }
      - { name: note, logicalType: string }
      - { name: amount, logicalType: number }
      - { name: shipped_at, logicalType: timestamp }
`);
  // The readers' passwords of both clusters in a libpq password file; the contract holds no credentials.
  writeFileSync(join(dir, 'pgpass'), pgpassFor([P, R]), { mode: 0o600 });
  cliEnv = { ...mysqlReaderEnv(), PGUSER: process.env[`${P}USER`]!, PGPASSFILE: join(dir, 'pgpass') };
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...args: string[]) => {
  const r = await runCli(['reconcile', 'lines.odcs.yaml', ...args, '--format', 'json'], { cwd: dir, env: cliEnv, timeoutMs: 120_000 });
  return { ...r, json: r.stdout.startsWith('{') ? (JSON.parse(r.stdout) as Json) : undefined };
};
const rule = (json: Json | undefined, id: string) => {
  const r = json?.results.find((x) => x.rule === id);
  assert.ok(r, `no ${id}: ${JSON.stringify(json?.results.map((x) => [x.rule, x.message]))}`);
  return r;
};

test('primary ↔ replica on two PostgreSQL servers: exact counts per kind and column', async () => {
  const r = await run('--server', 'primary', '--against', 'replica', '--segments', '8');
  assert.equal(r.status, 1, r.stderr + r.stdout.slice(0, 2000));
  assert.equal(rule(r.json, 'lines.reconcile.missing').failedRows, 4);
  assert.equal(rule(r.json, 'lines.reconcile.extra').failedRows, 2);
  assert.equal(rule(r.json, 'lines.reconcile.changed').failedRows, 6);
  assert.equal(rule(r.json, 'lines.reconcile.column.amount').failedRows, 3);
  assert.equal(rule(r.json, 'lines.reconcile.column.note').failedRows, 1);
  assert.equal(rule(r.json, 'lines.reconcile.column.shipped_at').failedRows, 2);
  const note = rule(r.json, 'lines.reconcile.column.note').samples[0];
  assert.equal(note['note (primary)'], null);
  assert.equal(note['note (replica)'], '');
  const t = JSON.parse(String(rule(r.json, 'lines.reconcile.transfer').observed));
  assert.ok(t.rowsTransferred < N / 2, JSON.stringify(t));
});

test('PostgreSQL ↔ Parquet export and PostgreSQL ↔ MariaDB copy of the primary agree (exit 0)', async () => {
  for (const against of ['export', 'mariadb']) {
    const r = await run('--server', 'primary', '--against', against);
    assert.equal(r.status, 0, `${against}: ${r.stdout.slice(0, 3000)}${r.stderr}`);
    assert.equal(JSON.parse(String(rule(r.json, 'lines.reconcile.transfer').observed)).rowsTransferred, 0);
  }
});

test('the replica against the Parquet export: the same defects as against the primary', async () => {
  const r = await run('--server', 'export', '--against', 'replica');
  assert.equal(r.status, 1);
  assert.equal(rule(r.json, 'lines.reconcile.missing').failedRows, 4);
  assert.equal(rule(r.json, 'lines.reconcile.extra').failedRows, 2);
  assert.equal(rule(r.json, 'lines.reconcile.changed').failedRows, 6);
});
