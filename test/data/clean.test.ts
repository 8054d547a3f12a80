/**
 * `contractlens clean` through the real CLI on the generated shop data, judged by independent means: the generator's
 * counts (expected.json), `check` run on the cleaned copy, DuckDB reading the outputs back, and hashes of the source
 * files before and after every run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CLI } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';
import type { CleanReport } from '../../server/src/engine/data/clean/types.ts';

const TABLES = ['users', 'products', 'inventory', 'orders', 'order_items', 'events'];

let shop: ShopCopy;
let sourceHashes: Map<string, string>;
let db: DuckDBInstance;
let conn: DuckDBConnection;

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(full, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
const count = async (sql: string) => Number((await rows(sql))[0].n);
const clean = (args: string[], timeoutMs = 120_000) => runCli(['clean', ...args, '--now', shop.expected.referenceTime], { cwd: shop.dir, timeoutMs });

before(async () => {
  ensureBuilt();
  shop = makeShop(1500, 'cl-shop-clean-');
  sourceHashes = hashTree(join(shop.dir, 'data'));
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
after(() => {
  conn?.closeSync();
  db?.closeSync();
  rmSync(shop.dir, { recursive: true, force: true });
});

/** Every test ends with the source exactly as generated. */
function assertSourceUntouched(): void {
  const now = hashTree(join(shop.dir, 'data'));
  assert.deepEqual([...now.keys()].sort(), [...sourceHashes.keys()].sort(), 'no file added to or removed from the source folder');
  for (const [f, h] of sourceHashes) assert.equal(now.get(f), h, `${f} changed`);
}

describe('contractlens clean on the shop example', () => {
  let report: CleanReport;
  const out = () => join(shop.dir, 'cleaned');

  test('cleans every table: written + quarantined + duplicates removed = rows read, files as reported', async () => {
    const r = await clean(['.', '--out', 'cleaned', '--strict-references', '--report', 'json']);
    assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 2000));
    report = JSON.parse(r.stdout) as CleanReport;
    assert.deepEqual(JSON.parse(readFileSync(join(out(), 'clean-report.json'), 'utf8')).totals, report.totals);
    assert.match(readFileSync(join(out(), 'clean-report.txt'), 'utf8'), /rows read: .* written, .* quarantined, .* duplicates removed/);
    for (const name of TABLES) {
      const t = report.tables.find((x) => x.schema === name)!;
      assert.ok(t && !t.error, `${name}: ${t?.error}`);
      assert.equal(t.rows.read, shop.expected.rows[name], `${name} rows read`);
      assert.equal(t.rows.written + t.rows.quarantined + t.rows.deduplicated, t.rows.read, `${name}: nothing dropped silently`);
      assert.equal(await count(`SELECT count(*) AS n FROM '${join(out(), `${name}.parquet`)}'`), t.rows.written, `${name}.parquet`);
      assert.equal(await count(`SELECT count(*) AS n FROM '${join(out(), `${name}.quarantine.parquet`)}'`), t.rows.quarantined, `${name}.quarantine.parquet`);
      // The quarantine names, per rule, exactly the rows the report counts.
      for (const q of t.quarantine) {
        assert.equal(await count(`SELECT count(*) AS n FROM '${join(out(), `${name}.quarantine.parquet`)}' WHERE list_contains(_violations, '${q.rule}')`), q.rows, q.rule);
      }
    }
    assertSourceUntouched();
  });

  test('every injected defect is accounted for in the report (quarantined, standardised, deduplicated or reported)', () => {
    for (const [rule, n] of Object.entries(shop.expected.failedRows)) {
      if (!n) continue;
      const t = report.tables.find((x) => rule.startsWith(`${x.schema}.`))!;
      const where = [
        t.quarantine.some((q) => q.rule === rule) && 'quarantine',
        t.deduplication?.rules.includes(rule) && 'deduplication',
        t.uniqueKeys.some((u) => u.rules.includes(rule) && u.quarantined > 0) && 'unique',
        t.references.some((x) => x.rule === rule && x.dangling > 0) && 'references',
        t.notEnforced.some((x) => x.rule === rule) && 'not enforced',
        t.columns.some((c) => rule.startsWith(`${t.schema}.${c.property}.`) && c.changes.some((ch) => ch.kind === 'standardised')) && 'standardised',
      ].filter(Boolean);
      assert.ok(where.length, `${rule} (${n} rows injected) appears nowhere in the report`);
    }
  });

  test('every bad status is either standardised or quarantined, never dropped', async () => {
    const src = join(shop.dir, 'data', 'parquet', 'orders.parquet');
    const bad = await rows(`SELECT order_id, count(*) AS n FROM '${src}' WHERE status NOT IN ('pending','paid','shipped','delivered','cancelled','refunded') GROUP BY order_id`);
    assert.ok(bad.length > 0);
    const orders = report.tables.find((t) => t.schema === 'orders')!;
    const standardised = orders.columns.find((c) => c.name === 'status')!.changes.find((c) => c.kind === 'standardised')!;
    assert.ok(standardised.rows > 0 && standardised.examples.every((e) => e.before === 'SHIPPED' && e.after === 'shipped'));
    for (const { order_id } of bad) {
      const written = await rows(`SELECT status FROM '${join(out(), 'orders.parquet')}' WHERE order_id = ${order_id}`);
      const quarantined = await count(`SELECT count(*) AS n FROM '${join(out(), 'orders.quarantine.parquet')}' WHERE order_id = ${order_id}`);
      assert.ok(written.length + quarantined > 0, `order ${order_id} vanished`);
      for (const w of written) assert.equal(w.status, 'shipped');
    }
  });

  test('check on the cleaned copy passes every single-table rule (and, with --strict-references, every relationship)', async () => {
    // The same contracts, reading the cleaned copy: one more server per contract.
    const dir = join(shop.dir, 'check-cleaned');
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    for (const f of readdirSync(shop.dir).filter((n) => n.endsWith('.odcs.yaml'))) {
      const text = readFileSync(join(shop.dir, f), 'utf8').replace(/^servers:\n/m, `servers:\n  - server: cleaned\n    type: local\n    format: parquet\n    path: ../cleaned/{model}.parquet\n`);
      writeFileSync(join(dir, f), text);
    }
    const r = await runCli(['check', '.', '--server', 'cleaned', '--root', shop.dir, '--format', 'json', '--now', shop.expected.referenceTime], { cwd: dir, timeoutMs: 60_000, env: {} });
    const json = JSON.parse(r.stdout) as { results: { rule: string; kind: string; status: string; message: string }[] };
    // Rules clean cannot enforce row by row (cross-table SQL, whole-table freshness and counts) are named in its report.
    const notEnforced = new Set(report.tables.flatMap((t) => t.notEnforced.map((n) => n.rule)));
    const bad = json.results.filter((x) => (x.status === 'failed' || x.status === 'error') && !notEnforced.has(x.rule));
    assert.deepEqual(bad.map((x) => `${x.rule}: ${x.message}`), []);
    assert.ok(json.results.filter((x) => notEnforced.has(x.rule)).every((x) => ['sql', 'latency', 'metric'].includes(x.kind)));
    assert.ok(json.results.filter((x) => x.kind === 'relationship').every((x) => x.status === 'passed'));
    assertSourceUntouched();
  });

  test('refuses to overwrite without --force, and the source folder as --out; --force replaces', async () => {
    const again = await clean(['orders.odcs.yaml', '--out', 'cleaned']);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already holds orders\.parquet, orders\.quarantine\.parquet, clean-report\.json, clean-report\.txt: refused to overwrite/);
    const into = await clean(['orders.odcs.yaml', '--out', 'data/parquet', '--format', 'jsonl']);
    assert.equal(into.status, 2);
    assert.match(into.stderr, /is the folder of the source data: refused/);
    // Writing over a source file is refused even with --force.
    const over = await clean(['orders.odcs.yaml', '--out', 'data/parquet', '--force']);
    assert.equal(over.status, 2);
    assert.match(over.stderr, /orders\.parquet is a source file of this run: clean never writes over its input/);
    assert.ok(!existsSync(join(shop.dir, 'data', 'parquet', 'orders.quarantine.parquet')));
    const forced = await clean(['orders.odcs.yaml', '--out', 'cleaned', '--force', '--limit', '100']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /100 read = /);
    assertSourceUntouched();
  });

  test('csv output: timestamps in ISO 8601 that read back as the same instant; --date-format standardises day-first dates', async () => {
    const r = await clean(['users.odcs.yaml', 'orders.odcs.yaml', '--server', 'local-csv', '--format', 'csv', '--out', 'as-csv', '--date-format', 'signup_date=dd/MM/yyyy', '--report', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as CleanReport;
    const csvOut = join(shop.dir, 'as-csv');
    const src = join(shop.dir, 'data', 'csv');
    // order_ts: written with the T separator; the same instant as in the source for every written order.
    const sample = readFileSync(join(csvOut, 'orders.csv'), 'utf8').split('\n')[1];
    assert.match(sample, /,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?,/);
    assert.equal(await count(`SELECT count(*) AS n FROM read_csv('${join(csvOut, 'orders.csv')}') AS c JOIN read_csv('${join(src, 'orders.csv')}') AS s USING (order_id) WHERE c.order_ts <> s.order_ts`), 0);
    // signup_date: every day-first source value was rewritten in the declared yyyy-MM-dd, the same day.
    const users = rep.tables.find((t) => t.schema === 'users')!;
    const signup = users.columns.find((c) => c.name === 'signup_date')!;
    assert.deepEqual(signup.formatsFound?.map((f) => f.format), ['yyyy-MM-dd', 'dd/MM/yyyy (--date-format)']);
    assert.equal(signup.formatsFound![1].rows, shop.expected.failedRows['users.signup_date.format']);
    assert.ok(!users.quarantine.some((q) => q.rule === 'users.signup_date.format'));
    const mismatched = await count(`SELECT count(*) AS n FROM read_csv('${join(csvOut, 'users.csv')}', all_varchar = true) AS c JOIN (SELECT *, row_number() OVER () AS r FROM read_csv('${join(src, 'users.csv')}', all_varchar = true)) AS s USING (user_id, email)
      WHERE strptime(c.signup_date, '%Y-%m-%d') <> coalesce(try_strptime(s.signup_date, '%Y-%m-%d'), try_strptime(s.signup_date, '%d/%m/%Y'))`);
    assert.equal(mismatched, 0);
    assert.ok(readFileSync(join(csvOut, 'users.csv'), 'utf8').split('\n').slice(1, -1).every((l) => /,\d{4}-\d\d-\d\d,/.test(l)));
    assertSourceUntouched();
  });

  test('a run killed mid-write leaves no half-written file under a final name', async () => {
    const big = makeShop(30_000, 'cl-shop-clean-kill-');
    const outDir = join(big.dir, 'out');
    try {
      const child = spawn(process.execPath, [CLI, 'clean', '.', '--out', outDir, '--format', 'csv'], { cwd: big.dir, stdio: 'ignore' });
      let sawTemp = false;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && child.exitCode === null) {
        if (existsSync(outDir) && readdirSync(outDir).some((f) => f.includes('.tmp-'))) {
          child.kill('SIGKILL');
          sawTemp = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
      assert.ok(sawTemp, 'the run was killed while writing its temporary files');
      const finals = readdirSync(outDir).filter((f) => !f.startsWith('.'));
      // The renames happen only once every file is complete: a kill before them leaves no final name at all.
      assert.deepEqual(finals.filter((f) => !f.endsWith('.csv') || f.includes('report')), []);
      for (const f of finals) assert.ok(await count(`SELECT count(*) AS n FROM read_csv('${join(outDir, f)}')`) >= 0);
      assert.equal(existsSync(join(outDir, 'clean-report.json')), false);
    } finally {
      rmSync(big.dir, { recursive: true, force: true });
    }
  });
});
