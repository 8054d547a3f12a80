/**
 * `contractlens clean` on PostgreSQL sources, through the real CLI and the run's real PostgreSQL: the shop data loaded
 * into a schema (no primary key: `_source_row` follows the physical order), cleaned from the server and from the
 * Parquet files, and the two runs compared: the same row accounting, the same rows quarantined for the same rules,
 * the same rows written. The source tables' checksums are the same before and after.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { addPostgresServer, loadShopIntoPostgres, pgEnv, withPg } from '../helpers/postgres.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';
import type { CleanReport } from '../../server/src/engine/data/clean/types.ts';

const SCHEMA = `shop_clean_${process.pid}`;
let shop: ShopCopy;
let db: DuckDBInstance;
let conn: DuckDBConnection;

const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
const env = () => ({ PGUSER: pgEnv().user, PGPASSWORD: pgEnv().password });

/** Every table of the schema: row count and an md5 of all its rows in physical order (as the superuser). */
async function checksums(): Promise<Record<string, string>> {
  return withPg(pgEnv().superUrl, async (c) => {
    const tables = (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1`, [SCHEMA])).rows.map((r) => String(r.tablename));
    const out: Record<string, string> = {};
    for (const t of tables) {
      const r = await c.query(`SELECT count(*) AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY ctid), '')) AS h FROM "${SCHEMA}"."${t}" AS x`);
      out[t] = `${r.rows[0].n}:${r.rows[0].h}`;
    }
    return out;
  });
}

before(async () => {
  ensureBuilt();
  shop = makeShop(1500, 'cl-shop-clean-pg-');
  const loaded = await loadShopIntoPostgres(join(shop.dir, 'data'), SCHEMA);
  assert.deepEqual(loaded, shop.expected.rows);
  addPostgresServer(shop.dir, 'shop-postgres', SCHEMA);
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
after(async () => {
  conn?.closeSync();
  db?.closeSync();
  await withPg(pgEnv().superUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`)).catch(() => undefined);
  rmSync(shop.dir, { recursive: true, force: true });
});

describe('clean on PostgreSQL sources', () => {
  let pgReport: CleanReport;
  let fileReport: CleanReport;
  const clean = async (server: string, out: string, extra: string[] = []) => {
    const r = await runCli(['clean', '.', '--server', server, '--out', out, '--strict-references', '--report', 'json', '--now', shop.expected.referenceTime, '--root', shop.dir, ...extra], { cwd: shop.dir, env: env(), timeoutMs: 180_000 });
    assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 2000));
    return JSON.parse(r.stdout) as CleanReport;
  };

  before(async () => {
    const sums = await checksums();
    pgReport = await clean('shop-postgres', 'from-pg');
    fileReport = await clean('local-parquet', 'from-files');
    assert.deepEqual(await checksums(), sums, 'the source tables are unchanged');
  });

  test('the same row accounting as on the files, table by table', () => {
    assert.equal(pgReport.tables.length, 6);
    for (const t of pgReport.tables) {
      assert.ok(!t.error, `${t.schema}: ${t.error}`);
      const f = fileReport.tables.find((x) => x.schema === t.schema)!;
      assert.deepEqual(t.rows, f.rows, t.schema);
      assert.equal(t.rows.read, shop.expected.rows[t.schema]);
      assert.equal(t.rows.written + t.rows.quarantined + t.rows.deduplicated, t.rows.read);
      assert.match(t.source, /^postgres:\/\/127\.0\.0\.1:\d+\/\w+ \(table shop_clean_\d+\.\w+\)$/);
      assert.match(t.rowOrder, /^physical order \(ctid\)/, 'a table without a primary key is numbered in ctid order');
    }
    assert.deepEqual(pgReport.totals, fileReport.totals);
  });

  test('the same defects quarantined for the same rules, on the same source rows', async () => {
    for (const t of pgReport.tables) {
      const f = fileReport.tables.find((x) => x.schema === t.schema)!;
      assert.deepEqual(t.quarantine.map((q) => [q.rule, q.rows]), f.quarantine.map((q) => [q.rule, q.rows]), t.schema);
      assert.deepEqual(t.deduplication?.removed, f.deduplication?.removed, t.schema);
      // ctid order is mostly, not always, the load order (PostgreSQL fills free space): rows are compared by content.
      const a = join(shop.dir, 'from-pg', `${t.schema}.quarantine.parquet`);
      const b = join(shop.dir, 'from-files', `${t.schema}.quarantine.parquet`);
      const content = (f: string) => `SELECT * EXCLUDE (_source_row, _violations), list_sort(_violations) AS v FROM '${f}'`;
      const diff = await rows(`SELECT count(*) AS n FROM ((${content(a)} EXCEPT ALL ${content(b)}) UNION ALL (${content(b)} EXCEPT ALL ${content(a)}))`);
      assert.equal(Number(diff[0].n), 0, `${t.schema}: the quarantined rows (values and rules) differ`);
      const numbers = await rows(`SELECT count(DISTINCT _source_row) AS d, min(_source_row) AS lo, max(_source_row) AS hi, count(*) AS n FROM '${a}'`);
      assert.equal(Number(numbers[0].d), Number(numbers[0].n), `${t.schema}: _source_row numbers one row each`);
      if (Number(numbers[0].n)) assert.ok(Number(numbers[0].lo) >= 1 && Number(numbers[0].hi) <= t.rows.read);
    }
    const orders = pgReport.tables.find((t) => t.schema === 'orders')!;
    assert.ok(orders.quarantine.length > 0 && orders.rows.deduplicated > 0, 'the shop defects are there to find');
  });

  test('the same rows written, with the same values and types', async () => {
    for (const t of pgReport.tables) {
      const a = join(shop.dir, 'from-pg', `${t.schema}.parquet`);
      const b = join(shop.dir, 'from-files', `${t.schema}.parquet`);
      const types = async (f: string) => (await rows(`DESCRIBE SELECT * FROM '${f}'`)).map((r) => `${r.column_name} ${r.column_type}`);
      assert.deepEqual(await types(a), await types(b), `${t.schema}: columns`);
      const diff = await rows(`SELECT count(*) AS n FROM ((SELECT * FROM '${a}' EXCEPT ALL SELECT * FROM '${b}') UNION ALL (SELECT * FROM '${b}' EXCEPT ALL SELECT * FROM '${a}'))`);
      assert.equal(Number(diff[0].n), 0, `${t.schema}: written rows differ`);
    }
  });

  test('--limit reads only the first rows of the table; the report says what _source_row numbers', async () => {
    const r = await clean('shop-postgres', 'from-pg-limit', ['--limit', '100', '--schema', 'orders']);
    assert.equal(r.tables[0].rows.read, 100);
    assert.match(readFileSync(join(shop.dir, 'from-pg-limit', 'clean-report.txt'), 'utf8'), /_source_row numbers the rows in physical order \(ctid\)/);
  });

  test('--filter: only the matching rows are read, from the server as from the files', async () => {
    const filter = 'order_id % 3 = 0';
    const a = await clean('shop-postgres', 'from-pg-filter', ['--schema', 'orders', '--filter', filter]);
    const b = await clean('local-parquet', 'from-files-filter', ['--schema', 'orders', '--filter', filter]);
    const [{ n }] = await rows(`SELECT count(*)::INT AS n FROM '${join(shop.dir, 'data', 'parquet', 'orders.parquet')}' WHERE ${filter}`);
    assert.ok(!a.tables[0].error, a.tables[0].error);
    assert.equal(a.tables[0].rows.read, Number(n));
    assert.ok(Number(n) > 0 && Number(n) < shop.expected.rows.orders);
    assert.deepEqual(a.tables[0].rows, b.tables[0].rows);
    const bad = await rows(`SELECT count(*)::INT AS n FROM '${join(shop.dir, 'from-pg-filter', 'orders.parquet')}' WHERE NOT (${filter})`);
    assert.equal(Number(bad[0].n), 0, 'no row outside the filter is written');
    assert.match(a.tables[0].rowOrder, /--filter/);
  });

  test('a table with a primary key is numbered in key order', async () => {
    await withPg(pgEnv().superUrl, (c) => c.query(`CREATE TABLE "${SCHEMA}".users_pk AS SELECT * FROM "${SCHEMA}".users ORDER BY user_id DESC; DELETE FROM "${SCHEMA}".users_pk a USING "${SCHEMA}".users_pk b WHERE a.user_id = b.user_id AND a.ctid > b.ctid; DELETE FROM "${SCHEMA}".users_pk WHERE user_id IS NULL; ALTER TABLE "${SCHEMA}".users_pk ADD PRIMARY KEY (user_id); GRANT SELECT ON "${SCHEMA}".users_pk TO ${pgEnv().user}`));
    const text = readFileSync(join(shop.dir, 'users.odcs.yaml'), 'utf8');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(shop.dir, 'users-pk.odcs.yaml'), text.replace(/^id: .*$/m, 'id: users-pk').replace(/^(\s*- name: )users$/m, '$1users_pk').replace(/physicalName: users\b/, 'physicalName: users_pk'));
    try {
      const r = await runCli(['clean', 'users-pk.odcs.yaml', '--server', 'shop-postgres', '--out', 'from-pg-pk', '--report', 'json', '--root', shop.dir], { cwd: shop.dir, env: env(), timeoutMs: 120_000 });
      assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 1000));
      const t = (JSON.parse(r.stdout) as CleanReport).tables[0];
      assert.ok(!t.error, t.error);
      assert.equal(t.rowOrder, "the table's primary key (user_id)");
      const written = await rows(`SELECT user_id FROM '${join(shop.dir, 'from-pg-pk', 'users_pk.parquet')}'`);
      const ids = written.map((w) => Number(w.user_id));
      assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'written in key order, whatever the physical order');
    } finally {
      rmSync(join(shop.dir, 'users-pk.odcs.yaml'), { force: true });
    }
  });
});
