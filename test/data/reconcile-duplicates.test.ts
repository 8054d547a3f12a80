/**
 * Duplicate primary keys are counted over each WHOLE copy in segment reconciliation, not only among the rows of the
 * differing segments: the same keys loaded twice on both sides leave the segment checksums equal (nothing fetched),
 * yet each copy's duplicates are reported, per copy, in json, text and openmetrics. Real servers: the run's two
 * PostgreSQL clusters (primary, replica), a Parquet export and the MariaDB copy, through the real CLI.
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
import { promtool } from '../monitoring/promtool.ts';

const P = 'CONTRACTLENS_TEST_PG_';
const R = 'CONTRACTLENS_TEST_PG_REPLICA_';
const N = 2000;
const TABLE = 'dup_orders';
let dir: string;
let cliEnv: Record<string, string>;

/** Ids 1..N, then the duplicates every copy holds (5 and 6 twice, 7 three times: 4 extra rows on 3 keys). */
const base = (): [number, string][] => [...Array.from({ length: N }, (_, i) => [i + 1, `v${i + 1}`] as [number, string]), [5, 'v5'], [6, 'v6'], [7, 'v7'], [7, 'v7']];
/** The "drifted" copies: one more duplicated key (1500) and one changed value (42). */
const drifted = (): [number, string][] => [...base().map(([id, v]): [number, string] => [id, id === 42 ? 'changed' : v]), [1500, 'v1500']];

async function loadPg(prefix: string, rows: [number, string][]): Promise<void> {
  const c = new pg.Client({ connectionString: process.env[`${prefix}SUPERUSER_URL`] });
  await c.connect();
  try {
    // No PRIMARY KEY constraint: the duplicates a broken load leaves behind.
    await c.query(`DROP TABLE IF EXISTS ${TABLE}; CREATE TABLE ${TABLE} (id bigint, v text)`);
    for (let k = 0; k < rows.length; k += 500) {
      const chunk = rows.slice(k, k + 500);
      await c.query(`INSERT INTO ${TABLE} VALUES ${chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ')}`, chunk.flat());
    }
  } finally {
    await c.end();
  }
}

before(async () => {
  ensureBuilt();
  dir = scratchDir('cl-reconcile-dups-');
  await loadPg(P, base());
  await loadPg(R, drifted());
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`CREATE TABLE t (id BIGINT, v VARCHAR)`);
  await conn.run(`INSERT INTO t VALUES ${base().map(([id, v]) => `(${id}, '${v}')`).join(', ')}`);
  await conn.run(`COPY t TO '${join(dir, 'orders.parquet')}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
  await withAdmin((m) => createTable(m, TABLE, [{ name: 'id', type: 'BIGINT' }, { name: 'v', type: 'VARCHAR(20)' }], drifted()));
  writeFileSync(join(dir, 'orders.odcs.yaml'), `apiVersion: v3.1.0
kind: DataContract
id: urn:test:dups
version: 1.0.0
status: active
servers:
${pgServerYaml('primary', P)}${pgServerYaml('replica', R)}  - server: export
    type: local
    format: parquet
    path: ./orders.parquet
${mysqlServerYaml('mariadb')}schema:
  - name: ${TABLE}
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: v, logicalType: string }
`);
  writeFileSync(join(dir, 'pgpass'), pgpassFor([P, R]), { mode: 0o600 });
  cliEnv = { ...mysqlReaderEnv(), PGUSER: process.env[`${P}USER`]!, PGPASSFILE: join(dir, 'pgpass') };
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  rule: string;
  status: string;
  failedRows: number | null;
  observed: unknown;
  message: string;
}
async function reconcile(server: string, against: string, format = 'json') {
  return runCli(['reconcile', 'orders.odcs.yaml', '--server', server, '--against', against, '--segments', '8', '--format', format], { cwd: dir, env: cliEnv, timeoutMs: 120_000 });
}
function result(stdout: string, kind: string): Result {
  const r = (JSON.parse(stdout).results as Result[]).find((x) => x.rule === `${TABLE}.reconcile.${kind}`);
  assert.ok(r, `${kind} in ${stdout.slice(0, 2000)}`);
  return r;
}

test('PostgreSQL primary ↔ replica: duplicates of matching segments counted on both sides', async () => {
  const r = await reconcile('primary', 'replica');
  assert.equal(r.status, 1, r.stderr);
  const dups = result(r.stdout, 'duplicateKeys');
  assert.equal(dups.failedRows, 9);
  assert.equal(dups.status, 'warning');
  assert.deepEqual(JSON.parse(String(dups.observed)), { primary: 4, replica: 5 });
  assert.match(dups.message, /4 extra row\(s\) for 3 duplicated key\(s\) in primary, 5 for 4 in replica/);
  assert.equal(result(r.stdout, 'changed').failedRows, 1);
  assert.equal(result(r.stdout, 'missing').failedRows, 0);
  assert.equal(result(r.stdout, 'extra').failedRows, 0);
  // Keys are counted once: 2000 distinct keys on each side.
  assert.match(result(r.stdout, 'missing').message, /0 of 2000 keys of primary/);
});

test('PostgreSQL ↔ Parquet export holding the same duplicates: nothing transferred, duplicates still reported', async () => {
  const r = await reconcile('primary', 'export');
  assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 2000));
  assert.equal(JSON.parse(String(result(r.stdout, 'transfer').observed)).rowsTransferred, 0);
  const dups = result(r.stdout, 'duplicateKeys');
  assert.deepEqual(JSON.parse(String(dups.observed)), { primary: 4, export: 4 });
  assert.equal(dups.status, 'warning');
});

test('Parquet ↔ MariaDB: per-copy counts in json, text and openmetrics (promtool accepts it)', async () => {
  const json = await reconcile('export', 'mariadb');
  assert.equal(json.status, 1, json.stderr);
  assert.deepEqual(JSON.parse(String(result(json.stdout, 'duplicateKeys').observed)), { export: 4, mariadb: 5 });
  assert.equal(result(json.stdout, 'changed').failedRows, 1);

  const text = await reconcile('export', 'mariadb', 'text');
  assert.match(text.stdout, /4 extra row\(s\) for 3 duplicated key\(s\) in export, 5 for 4 in mariadb/);

  const om = await reconcile('export', 'mariadb', 'openmetrics');
  const line = (copy: string) => om.stdout.split('\n').find((l) => l.startsWith('contractlens_reconcile_duplicate_rows{') && l.includes(`copy="${copy}"`));
  assert.match(line('export') ?? '', /server="export".*against="mariadb".* 4$/);
  assert.match(line('mariadb') ?? '', / 5$/);
  const lint = promtool(['check', 'metrics'], om.stdout);
  assert.equal(lint.status, 0, lint.out);
});
