/**
 * `contractlens reconcile` across engines by segment checksums, through the real CLI: the shop's orders on files and
 * on the run's real MariaDB give the generator's exact counts; a composite-key table with injected defects at known
 * counts (missing, extra, changed values, a NULL that became an empty string, a timestamp moved by a second) on
 * Parquet ↔ MariaDB; --where on both sides; escapes in --where refused; rows transferred reported.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { createTable, loadFileIntoMysql, mysqlReaderEnv, mysqlServerYaml, withAdmin } from '../helpers/mysqlLoad.ts';
import { scratchDir } from '../helpers/paths.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';

interface Json {
  results: { rule: string; status: string; failedRows: number | null; observed: unknown; samples: Record<string, unknown>[]; message: string }[];
}
const rule = (json: Json | undefined, id: string) => {
  const r = json?.results.find((x) => x.rule === id);
  assert.ok(r, `no result ${id} in ${JSON.stringify(json?.results.map((x) => [x.rule, x.message]))}`);
  return r;
};
const run = async (cwd: string, contract: string, ...args: string[]) => {
  const r = await runCli(['reconcile', contract, ...args, '--format', 'json'], { cwd, timeoutMs: 120_000, env: mysqlReaderEnv() });
  return { ...r, json: r.stdout.startsWith('{') ? (JSON.parse(r.stdout) as Json) : undefined };
};

let shop: ShopCopy;
before(async () => {
  ensureBuilt();
  shop = makeShop(1500, 'cl-shop-segments-');
  // The shop's orders (source copy) in MariaDB, under the contract's physical name.
  await loadFileIntoMysql(join(shop.dir, 'data', 'parquet', 'orders.parquet'), 'orders');
  const contract = readFileSync(join(shop.dir, 'orders.odcs.yaml'), 'utf8').replace('servers:\n', `servers:\n${mysqlServerYaml('shop-mariadb')}`);
  writeFileSync(join(shop.dir, 'orders.odcs.yaml'), contract);
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

describe('shop orders', () => {
  const expectShopCounts = (json: Json | undefined) => {
    const e = shop.expected.reconcile;
    assert.equal(rule(json, 'orders.reconcile.missing').failedRows, e.missingInReplica);
    assert.equal(rule(json, 'orders.reconcile.extra').failedRows, e.extraInReplica);
    assert.equal(rule(json, 'orders.reconcile.changed').failedRows, e.changedRows);
    assert.equal(rule(json, 'orders.reconcile.column.status').failedRows, e.changedColumns.status);
    assert.equal(rule(json, 'orders.reconcile.column.total_amount').failedRows, e.changedColumns.total_amount);
    assert.equal(rule(json, 'orders.reconcile.column.order_ts').failedRows, 0);
    assert.equal(rule(json, 'orders.reconcile.duplicateKeys').failedRows, e.duplicateKeysInSource);
  };

  test('Parquet ↔ CSV by segments: the generator counts, as the one-query reconcile finds them', async () => {
    const r = await run(shop.dir, 'orders.odcs.yaml', '--server', 'local-parquet', '--against', 'replica-csv', '--segments', '16');
    assert.equal(r.status, 1, r.stderr);
    expectShopCounts(r.json);
  });

  test('MariaDB ↔ Parquet replica: the same counts; values compared after normalisation (DOUBLE, DATETIME(6))', async () => {
    const r = await run(shop.dir, 'orders.odcs.yaml', '--server', 'shop-mariadb', '--against', 'replica-parquet');
    assert.equal(r.status, 1, r.stderr);
    expectShopCounts(r.json);
    const changed = rule(r.json, 'orders.reconcile.changed');
    assert.equal(changed.samples.length, 5);
    assert.ok('status (shop-mariadb)' in changed.samples[0] || 'total_amount (shop-mariadb)' in changed.samples[0]);
  });

  test('Parquet ↔ its copy in MariaDB agree: exit 0, nothing but checksums transferred', async () => {
    const r = await run(shop.dir, 'orders.odcs.yaml', '--server', 'local-parquet', '--against', 'shop-mariadb');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const transfer = rule(r.json, 'orders.reconcile.transfer');
    assert.equal(JSON.parse(String(transfer.observed)).rowsTransferred, 0);
    assert.match(transfer.message, /^0 of \d+ rows transferred/);
  });
});

describe('composite key with injected defects (Parquet ↔ MariaDB)', () => {
  let dir: string;
  const N = 1200;
  const columns = [
    { name: 'order_id', duck: 'BIGINT', my: 'BIGINT' },
    { name: 'line_no', duck: 'INTEGER', my: 'INT' },
    { name: 'sku', duck: 'VARCHAR', my: 'VARCHAR(40)' },
    { name: 'note', duck: 'VARCHAR', my: 'VARCHAR(40)' },
    { name: 'amount', duck: 'DECIMAL(10,2)', my: 'DECIMAL(12,2)' },
    { name: 'shipped_at', duck: 'TIMESTAMP', my: 'DATETIME(6)' },
  ];
  // Row i: order i/3, line i%3; every 5th note NULL, every 7th an accented text.
  const row = (i: number): unknown[] => [
    Math.floor(i / 3) + 1, (i % 3) + 1, `S-${i}`, i % 5 === 0 ? null : i % 7 === 0 ? `réf ${i} ü` : `n${i}`,
    ((i * 37) % 10000) / 100 + 0.05, `2025-0${(i % 9) + 1}-1${i % 10} 0${i % 10}:1${i % 6}:00.${String(i % 1000).padStart(3, '0')}000`,
  ];
  before(async () => {
    dir = scratchDir('cl-segments-composite-');
    const rows = Array.from({ length: N }, (_, i) => row(i));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`CREATE TABLE lines (${columns.map((x) => `${x.name} ${x.duck}`).join(', ')})`);
    const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
    await c.run(`INSERT INTO lines VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`);
    await c.run(`COPY lines TO '${join(dir, 'lines.parquet')}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    await withAdmin(async (m) => {
      await createTable(m, 'lines', columns.map((x) => ({ name: x.name, type: x.my })), rows);
      await m.query('DELETE FROM `lines` WHERE (order_id, line_no) IN ((10, 1), (200, 3), (400, 2))'); // 3 missing
      await m.query("INSERT INTO `lines` VALUES (5000, 1, 'X-1', NULL, 1.00, '2025-01-01 00:00:00'), (5000, 2, 'X-2', 'x', 2.00, '2025-01-01 00:00:00')"); // 2 extra
      await m.query('UPDATE `lines` SET amount = amount + 1 WHERE (order_id, line_no) IN ((20, 1), (21, 2), (300, 3), (301, 1))'); // 4 amounts
      await m.query("UPDATE `lines` SET note = '' WHERE order_id = 2 AND line_no = 3"); // i = 5: NULL → ''
      await m.query('UPDATE `lines` SET shipped_at = shipped_at + INTERVAL 1 SECOND WHERE (order_id, line_no) IN ((50, 1), (350, 2))'); // 2 timestamps
    });
    writeFileSync(join(dir, 'lines.odcs.yaml'), `apiVersion: v3.1.0
kind: DataContract
id: urn:test:lines
version: 1.0.0
status: active
servers:
  - server: files
    type: local
    format: parquet
    path: ./lines.parquet
${mysqlServerYaml('db')}schema:
  - name: lines
    properties:
      - { name: order_id, logicalType: integer, primaryKey: true, primaryKeyPosition: 1 }
      - { name: line_no, logicalType: integer, primaryKey: true, primaryKeyPosition: 2 }
      - { name: sku, logicalType: string }
      - { name: note, logicalType: string }
      - { name: amount, logicalType: number }
      - { name: shipped_at, logicalType: timestamp }
`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exact counts per kind and column, with small segments so that bisection runs', async () => {
    const r = await run(dir, 'lines.odcs.yaml', '--server', 'files', '--against', 'db', '--segments', '4');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(rule(r.json, 'lines.reconcile.missing').failedRows, 3);
    assert.equal(rule(r.json, 'lines.reconcile.extra').failedRows, 2);
    assert.equal(rule(r.json, 'lines.reconcile.changed').failedRows, 7);
    assert.equal(rule(r.json, 'lines.reconcile.column.amount').failedRows, 4);
    assert.equal(rule(r.json, 'lines.reconcile.column.note').failedRows, 1);
    assert.equal(rule(r.json, 'lines.reconcile.column.shipped_at').failedRows, 2);
    assert.equal(rule(r.json, 'lines.reconcile.column.sku').failedRows, 0);
    const note = rule(r.json, 'lines.reconcile.column.note').samples[0];
    assert.deepEqual(note, { order_id: '2', line_no: '3', 'note (files)': null, 'note (db)': '' });
    const missing = rule(r.json, 'lines.reconcile.missing').samples.map((s) => `${s.order_id}/${s.line_no}`);
    assert.deepEqual(missing.sort(), ['10/1', '200/3', '400/2']);
    const t = JSON.parse(String(rule(r.json, 'lines.reconcile.transfer').observed));
    assert.ok(t.levels >= 2, `bisected: ${JSON.stringify(t)}`);
    assert.ok(t.rowsTransferred < N, `only differing segments are fetched: ${JSON.stringify(t)}`);
  });

  test('--where applies on both sides', async () => {
    const r = await run(dir, 'lines.odcs.yaml', '--server', 'files', '--against', 'db', '--where', 'order_id < 100 AND line_no IN (1, 3)');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(rule(r.json, 'lines.reconcile.missing').failedRows, 1); // (10, 1)
    assert.equal(rule(r.json, 'lines.reconcile.extra').failedRows, 0);
    assert.equal(rule(r.json, 'lines.reconcile.changed').failedRows, 3); // (20, 1) amount, (2, 3) note, (50, 1) shipped_at
  });

  test('--where that is not one harmless expression is refused before any query', async () => {
    for (const where of ["1=1; DROP TABLE lines", "LOAD_FILE('/etc/passwd') IS NOT NULL", 'order_id IN (SELECT 1)', "note = 'a' -- x", 'sleep(5) = 0']) {
      const r = await run(dir, 'lines.odcs.yaml', '--server', 'files', '--against', 'db', '--where', where);
      assert.equal(r.status, 1, where);
      assert.equal(r.json!.results.length, 1, where);
      assert.equal(r.json!.results[0].status, 'error', where);
      assert.match(r.json!.results[0].message, /--where/, where);
    }
  });
});
