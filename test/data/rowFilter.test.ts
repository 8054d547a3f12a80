/**
 * `--filter [SCHEMA:]PREDICATE` (datacontract-cli's habit) through the real CLI, on the shop data in Parquet files, in
 * the run's real PostgreSQL and in its real MariaDB: every rule of the filtered table sees only the matching rows
 * (counts, relationships from that side, the SQL rule, failing-row files, preview, reconcile, clean), the three
 * engines agree rule by rule, and every attempt to make the predicate more than one boolean expression is refused as
 * a usage error (exit 2) before anything runs.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { addPostgresServer, loadShopIntoPostgres, pgEnv } from '../helpers/postgres.ts';
import { loadFileIntoMysql, mysqlReaderEnv, mysqlServerYaml } from '../helpers/mysqlLoad.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { scratchDir } from '../helpers/paths.ts';

/** A third of the orders, plus one order whose user does not exist (set once the data is generated). */
let PREDICATE = 'order_id % 3 = 0';
const SCHEMA = `shop_filter_${process.pid}`;
let shop: ShopCopy;
let env: Record<string, string>;
/** From the Parquet files by plain DuckDB: the filtered orders, and those whose user does not exist. */
let expected: { rows: number; orphans: number; ids: Set<number> };

async function duck<T>(fn: (q: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return await fn(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

before(async () => {
  ensureBuilt();
  shop = makeShop(400, 'cl-shop-filter-');
  const parquet = join(shop.dir, 'data', 'parquet');
  await loadShopIntoPostgres(join(shop.dir, 'data'), SCHEMA);
  addPostgresServer(shop.dir, 'shop-postgres', SCHEMA);
  for (const f of readdirSync(parquet).filter((n) => n.endsWith('.parquet'))) await loadFileIntoMysql(join(parquet, f), f.replace(/\.parquet$/, ''));
  for (const f of readdirSync(shop.dir).filter((n) => n.endsWith('.odcs.yaml'))) {
    const text = readFileSync(join(shop.dir, f), 'utf8');
    writeFileSync(join(shop.dir, f), text.replace('servers:\n', `servers:\n${mysqlServerYaml('shop-mariadb')}`));
  }
  const pg = pgEnv();
  env = { PGUSER: pg.user, PGPASSWORD: pg.password, ...mysqlReaderEnv() };
  expected = await duck(async (q) => {
    const o = `read_parquet('${join(parquet, 'orders.parquet')}')`;
    const users = `read_parquet('${join(parquet, 'users.parquet')}')`;
    const [orphan] = await q(`SELECT min(order_id)::INT AS id FROM ${o} WHERE order_id % 3 <> 0 AND user_id NOT IN (SELECT user_id FROM ${users} WHERE user_id IS NOT NULL)`);
    PREDICATE = `order_id % 3 = 0 OR order_id = ${Number(orphan.id)}`;
    const [r] = await q(`SELECT count(*)::INT AS n FROM ${o} WHERE (${PREDICATE})`);
    const [x] = await q(`SELECT count(*)::INT AS n FROM ${o} WHERE (${PREDICATE}) AND user_id IS NOT NULL AND user_id NOT IN (SELECT user_id FROM ${users} WHERE user_id IS NOT NULL)`);
    const ids = new Set((await q(`SELECT DISTINCT order_id::INT AS id FROM ${o} WHERE (${PREDICATE})`)).map((row) => Number(row.id)));
    return { rows: Number(r.n), orphans: Number(x.n), ids };
  });
  assert.ok(expected.rows > 50 && expected.orphans > 0, `the filtered slice still holds rows and orphans: ${JSON.stringify(expected)}`);
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

interface Result { rule: string; status: string; failedRows: number | null; totalRows: number | null; message: string; failedRowsFile?: string }

async function check(server: string, extra: string[] = []): Promise<Map<string, Result>> {
  const r = await runCli(['check', 'orders.odcs.yaml', '--server', server, '--filter', `orders:${PREDICATE}`, '--format', 'json', '--now', shop.expected.referenceTime, ...extra], { cwd: shop.dir, env, timeoutMs: 120_000 });
  assert.ok(r.status === 0 || r.status === 1, `${server}: exit ${r.status}: ${r.stderr}`);
  return new Map((JSON.parse(r.stdout).results as Result[]).map((x) => [x.rule, x]));
}

describe('--filter restricts every rule of the table, on every engine', () => {
  const runs = new Map<string, Map<string, Result>>();
  let failedDir: string;
  before(async () => {
    failedDir = scratchDir('cl-filter-failed-');
    runs.set('local-parquet', await check('local-parquet', ['--failed-rows', failedDir]));
    runs.set('shop-postgres', await check('shop-postgres'));
    runs.set('shop-mariadb', await check('shop-mariadb'));
  });
  after(() => rmSync(failedDir, { recursive: true, force: true }));

  for (const server of ['local-parquet', 'shop-postgres', 'shop-mariadb']) {
    test(`${server}: every count is over the matching rows only; the relationship counts the filtered orphans`, () => {
      const results = runs.get(server)!;
      const wrong: string[] = [];
      for (const r of results.values()) {
        if (r.status === 'error') wrong.push(`${r.rule}: ${r.message}`);
        else if (r.totalRows !== null && r.totalRows !== expected.rows) wrong.push(`${r.rule}: ${r.totalRows} rows`);
      }
      assert.deepEqual(wrong, []);
      assert.equal(results.get('orders.user_id.relationship')!.failedRows, expected.orphans);
    });
  }

  test('the three engines agree rule by rule', () => {
    const counts = (server: string) => Object.fromEntries([...runs.get(server)!.values()].map((r) => [r.rule, r.failedRows]));
    assert.deepEqual(counts('shop-postgres'), counts('local-parquet'));
    assert.deepEqual(counts('shop-mariadb'), counts('local-parquet'));
  });

  test('the failing-row files hold matching rows only', async () => {
    const files = [...runs.get('local-parquet')!.values()].map((r) => r.failedRowsFile).filter((f): f is string => !!f && f.endsWith('.parquet'));
    assert.ok(files.length >= 3, `failing-row files: ${files.join(', ')}`);
    await duck(async (q) => {
      for (const f of files) {
        const rows = await q(`SELECT order_id::INT AS id FROM read_parquet('${f}')`);
        assert.ok(rows.length > 0, f);
        for (const row of rows) assert.ok(expected.ids.has(Number(row.id)), `${f}: order ${row.id} does not match the filter`);
      }
    });
  });
});

describe('--filter in the other data commands', () => {
  for (const server of ['local-parquet', 'shop-postgres', 'shop-mariadb']) {
    test(`preview on ${server}: only matching rows`, async () => {
      const r = await runCli(['preview', 'orders.odcs.yaml', '--server', server, '--filter', PREDICATE, '--limit', '10000', '--format', 'json'], { cwd: shop.dir, env, timeoutMs: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      const json = JSON.parse(r.stdout) as { columns: { name: string }[]; rows: { values: unknown[] }[] };
      const at = json.columns.findIndex((c) => c.name === 'order_id');
      assert.equal(json.rows.length, expected.rows);
      for (const row of json.rows) assert.ok(expected.ids.has(Number(row.values[at])), `order ${String(row.values[at])}`);
    });
  }

  test('reconcile compares the matching rows of both copies', async () => {
    const r = await runCli(['reconcile', 'orders.odcs.yaml', '--server', 'local-parquet', '--against', 'replica-parquet', '--filter', PREDICATE, '--format', 'json'], { cwd: shop.dir, timeoutMs: 60_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const results = JSON.parse(r.stdout).results as Result[];
    assert.ok(results.length > 3);
    for (const x of results) assert.equal(x.totalRows, expected.rows, `${x.rule}: ${x.message}`);
  });

  test('reconcile by segments (PostgreSQL against the files) reads the matching rows of each side', async () => {
    const r = await runCli(['reconcile', 'orders.odcs.yaml', '--server', 'local-parquet', '--against', 'shop-postgres', '--segments', '16', '--filter', PREDICATE, '--format', 'json'], { cwd: shop.dir, env, timeoutMs: 60_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const results = JSON.parse(r.stdout).results as Result[];
    assert.ok(!results.some((x) => x.status === 'error'), JSON.stringify(results.filter((x) => x.status === 'error')));
    assert.ok(results.some((x) => x.totalRows === expected.rows), JSON.stringify(results.map((x) => [x.rule, x.totalRows])));
  });

  test('clean reads the matching rows only', async () => {
    const r = await runCli(['clean', 'orders.odcs.yaml', '--server', 'local-parquet', '--dry-run', '--filter', PREDICATE], { cwd: shop.dir, timeoutMs: 60_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stdout, new RegExp(`\\n${expected.rows} rows read`));
  });
});

describe('a filter is one boolean expression: everything else is a usage error', () => {
  const refused: [server: string, predicate: string, message: RegExp][] = [
    ['local-parquet', '1=1; drop table x', /`;`/],
    ['local-parquet', '(select count(*) from users) > 0', /`select`/],
    ['local-parquet', 'exists (select 1)', /`select`/],
    ['local-parquet', "read_csv('/etc/passwd') IS NOT NULL", /read_csv\(\) reaches files/],
    ['local-parquet', "getenv('HOME') IS NOT NULL", /getenv\(\)/],
    ['local-parquet', '1=1 -- and more', /comments/],
    ['local-parquet', '1=1 /* x */', /comments/],
    ['local-parquet', '1=1) OR (1=1', /closes a parenthesis/],
    ['local-parquet', "status = 'a\\' ; drop table orders; --'", /`;`|comments/],
    ['local-parquet', 'order_id >', /not one boolean expression/],
    ['local-parquet', 'nosuch:order_id > 1', /no schema object named "nosuch"/],
    ['shop-postgres', "pg_read_file('/etc/passwd') IS NOT NULL", /pg_read_file\(\)/],
    ['shop-postgres', "length(pg_ls_dir('.')::text) > 0", /pg_ls_dir\(\)/],
    ['shop-postgres', 'order_id = $1', /`\$`/],
    ['shop-postgres', "status = $$x$$", /`\$`/],
    ['shop-mariadb', "load_file('/etc/passwd') IS NOT NULL", /load_file\(\)/],
    ['shop-mariadb', 'sleep(5) = 0', /sleep\(\)/],
    ['shop-mariadb', '1=1 # comment', /comments/],
  ];
  for (const [server, predicate, message] of refused) {
    test(`${server}: ${predicate}`, async () => {
      const r = await runCli(['check', 'orders.odcs.yaml', '--server', server, '--filter', predicate], { cwd: shop.dir, env, timeoutMs: 60_000 });
      assert.equal(r.status, 2, r.stderr + r.stdout.slice(0, 500));
      assert.match(r.stderr, message);
    });
  }

  test('a predicate naming no column of the table is an error of that table, said once', async () => {
    const r = await runCli(['check', 'orders.odcs.yaml', '--server', 'local-parquet', '--filter', 'no_such_column = 1', '--format', 'json'], { cwd: shop.dir, env, timeoutMs: 60_000 });
    assert.equal(r.status, 1);
    const results = JSON.parse(r.stdout).results as Result[];
    assert.ok(results.every((x) => x.status === 'error' && /--filter/.test(x.message) && /no_such_column/.test(x.message)), results[0]?.message);
  });
});
