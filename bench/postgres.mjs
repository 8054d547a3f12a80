#!/usr/bin/env node
// Checks pushed down into PostgreSQL (issue 10 performance). Prints figures; it is not a test.
//
//   node bench/postgres.mjs [--orders 1000000,5000000]
//
// Starts a throwaway PostgreSQL (scripts/services/postgres.mjs), generates the shop tables IN the server with
// generate_series (orders N, users N/10 with ~0.1 % of orders pointing at no user, one item per order, 1,000
// products), then in the same run, best of BENCH_REPEAT (3):
//   1. `contractlens check orders.odcs.yaml --server pg` (CLI) against hand-written SQL computing the same counts in the
//      same PostgreSQL (the script checks that the counts agree);
//   2. the cross-source rules of orders + order_items (`--only sql,relationship`) against hand-written SQL;
//   3. the client's peak RSS (/usr/bin/time: the whole CLI process, DuckDB included);
//   4. what a user would otherwise do: export orders, users and order_items to CSV (psql \copy) and check the files;
//   5. `contractlens clean orders.odcs.yaml --server pg` (issue 14): wall time and the client's peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startServices, stopAll } from '../scripts/services/index.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'contractlens.js');
const { values } = parseArgs({ options: { orders: { type: 'string' } } });
const SCALES = (values.orders ?? '1000000,5000000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

async function best(fn) {
  let out;
  for (let i = 0; i < REPEAT; i++) {
    const r = await fn();
    if (!out || r.ms < out.ms) out = r;
  }
  return out;
}

function generateSql(n) {
  const users = Math.max(10, Math.floor(n / 10));
  return `
DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench;
CREATE TABLE bench.users AS SELECT g::bigint AS user_id, 'user' || g || '@example.com' AS email, 'Name ' || g AS full_name,
  (ARRAY['DE','FR','ES','IT'])[1 + g % 4] AS country_code, to_char(date '2020-01-01' + (g % 1000), 'YYYY-MM-DD') AS signup_date,
  date '1970-01-01' + (g % 10000) AS birth_date, (ARRAY['bronze','silver','gold','platinum'])[1 + g % 4] AS loyalty_tier,
  g % 2 = 0 AS marketing_opt_in, timestamp '2020-01-01' + g * interval '1 second' AS created_at
  FROM generate_series(1, ${users}) g;
CREATE TABLE bench.orders AS SELECT g::bigint AS order_id,
  CASE WHEN g % 1000 = 7 THEN ${users} + 1 + g % 97 ELSE 1 + (g * 7919::bigint) % ${users} END::bigint AS user_id,
  timestamp '2026-01-30 12:00' - (g % 500000) * interval '1 minute' AS order_ts,
  CASE WHEN g % 1000 = 3 THEN 'lost' ELSE (ARRAY['pending','paid','shipped','delivered'])[1 + g % 4] END AS status,
  CASE WHEN g % 500 = 1 THEN 'eur' ELSE 'EUR' END AS currency,
  CASE WHEN g % 2000 = 5 THEN -1 ELSE (g % 1000) + 1 END::double precision AS total_amount,
  CASE WHEN g % 50 = 0 THEN NULL ELSE 'DE' END AS shipping_country
  FROM generate_series(1, ${n}) g;
CREATE TABLE bench.order_items AS SELECT order_id, 1 AS line_no, 'P' || lpad((order_id % 1000)::text, 5, '0') AS product_id, 1 AS quantity,
  CASE WHEN order_id % 3000 = 11 THEN total_amount + 1 ELSE total_amount END AS unit_price, NULL::double precision AS discount_pct FROM bench.orders;
CREATE TABLE bench.products AS SELECT 'P' || lpad(g::text, 5, '0') AS product_id FROM generate_series(0, 999) g;
ANALYZE bench.users; ANALYZE bench.orders; ANALYZE bench.order_items; ANALYZE bench.products;`;
}

// The same counts as the orders contract, written by hand (what a data engineer would write for these rules).
const HAND_ORDERS = [
  `SELECT count(*) AS total, count(*) FILTER (WHERE order_id IS NULL) AS a, count(*) FILTER (WHERE user_id IS NULL) AS b,
     count(*) FILTER (WHERE order_ts IS NULL) AS c, count(*) FILTER (WHERE status IS NULL) AS d, count(*) FILTER (WHERE total_amount IS NULL) AS e,
     count(*) FILTER (WHERE status NOT IN ('pending','paid','shipped','delivered','cancelled','refunded')) AS status,
     count(*) FILTER (WHERE currency !~ '^[A-Z]{3}$') AS currency, count(*) FILTER (WHERE total_amount < 0) AS negative,
     count(*) FILTER (WHERE shipping_country IS NULL) AS no_country, max(order_ts) AS newest,
     count(*) FILTER (WHERE order_ts < timestamp '2023-01-31') AS old FROM bench.orders`,
  `SELECT count(*) AS dup FROM (SELECT order_id FROM bench.orders GROUP BY order_id HAVING count(*) > 1) d`,
  `SELECT count(*) AS dangling FROM bench.orders o WHERE o.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bench.users u WHERE u.user_id = o.user_id)`,
  `SELECT count(*) AS mismatch FROM bench.orders o JOIN (SELECT order_id, sum(quantity * unit_price) AS t FROM bench.order_items GROUP BY order_id) i USING (order_id) WHERE abs(o.total_amount - i.t) > 0.005`,
];
const HAND_CROSS = [
  HAND_ORDERS[2],
  HAND_ORDERS[3],
  `SELECT count(*) AS x FROM bench.order_items s WHERE NOT EXISTS (SELECT 1 FROM bench.orders t WHERE t.order_id = s.order_id)`,
  `SELECT count(*) AS x FROM bench.order_items s WHERE NOT EXISTS (SELECT 1 FROM bench.products t WHERE t.product_id = s.product_id)`,
];

async function hand(url, queries) {
  const t = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const rows = [];
  for (const q of queries) rows.push((await c.query(q)).rows[0]);
  await c.end();
  return { ms: performance.now() - t, rows };
}

function cli(args, env, cwd) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', process.execPath, CLI, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  const rss = Number(/MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`contractlens ${args.join(' ')} failed: ${r.stderr.slice(0, 2000)}`);
  }
  return { ms, rss, json, engineMs: json.timing ? json.timing.openMs + json.timing.checkMs : NaN };
}

async function main() {
  if (!existsSync(CLI)) spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const env = await startServices(['postgres']);
  const work = mkdtempSync(join(tmpdir(), 'cl-bench-pg-'));
  try {
    console.log(`postgres bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, repeat ${REPEAT}`);
    const credentials = { PGUSER: env.CONTRACTLENS_TEST_PG_USER, PGPASSWORD: env.CONTRACTLENS_TEST_PG_PASSWORD };
    for (const f of ['orders', 'users', 'order_items', 'products']) {
      const text = readFileSync(join(ROOT, 'examples', 'shop', `${f}.odcs.yaml`), 'utf8');
      writeFileSync(join(work, `${f}.odcs.yaml`), text.replace(/^servers:\n/m, `servers:\n  - server: pg\n    type: postgres\n    host: 127.0.0.1\n    port: ${env.CONTRACTLENS_TEST_PG_PORT}\n    database: ${env.CONTRACTLENS_TEST_PG_DATABASE}\n    schema: bench\n`));
    }
    const peaks = [];
    for (const n of SCALES) {
      const t0 = performance.now();
      const admin = new pg.Client({ connectionString: env.CONTRACTLENS_TEST_PG_SUPERUSER_URL });
      await admin.connect();
      await admin.query(generateSql(n));
      await admin.query(`GRANT USAGE ON SCHEMA bench TO ${env.CONTRACTLENS_TEST_PG_USER}`);
      await admin.end();
      console.log(`\n== ${n.toLocaleString('en')} orders (generated in PostgreSQL in ${fmt(performance.now() - t0)})`);

      const now = '2026-01-31T00:00:00Z';
      const check = await best(async () => cli(['check', 'orders.odcs.yaml', '--server', 'pg', '--now', now, '--format', 'json', '--samples', '5', '--timeout-ms', '600000'], credentials, work));
      const handOrders = await best(() => hand(env.CONTRACTLENS_TEST_PG_URL, HAND_ORDERS));
      const byRule = new Map(check.json.results.map((r) => [r.rule, r.failedRows]));
      const h = handOrders.rows;
      const agree = byRule.get('orders.status.known_status') === Number(h[0].status) && byRule.get('orders.user_id.relationship') === Number(h[2].dangling) && byRule.get('orders.total_matches_items') === Number(h[3].mismatch) && byRule.get('orders.total_amount.minimum') === Number(h[0].negative);
      console.log(`orders contract: check engine ${fmt(check.engineMs)}, CLI wall ${fmt(check.ms)}; hand-written SQL ${fmt(handOrders.ms)}; ratio ${ratio(check.engineMs, handOrders.ms)} / ${ratio(check.ms, handOrders.ms)}; counts agree: ${agree ? 'yes' : 'NO'}; client peak RSS ${check.rss.toFixed(0)} MB`);

      const cross = await best(async () => cli(['check', 'orders.odcs.yaml', 'order_items.odcs.yaml', '--server', 'pg', '--only', 'sql,relationship', '--format', 'json', '--timeout-ms', '600000'], credentials, work));
      const handCross = await best(() => hand(env.CONTRACTLENS_TEST_PG_URL, HAND_CROSS));
      peaks.push(`${n.toLocaleString('en')} orders ${Math.max(check.rss, cross.rss).toFixed(0)} MB`);
      console.log(`cross-source (sql, relationship): check engine ${fmt(cross.engineMs)}, CLI wall ${fmt(cross.ms)}; hand-written SQL ${fmt(handCross.ms)}; ratio ${ratio(cross.engineMs, handCross.ms)} / ${ratio(cross.ms, handCross.ms)}; client peak RSS ${cross.rss.toFixed(0)} MB`);

      // clean from the server (issue 14): the table streamed through a cursor into DuckDB, then the one staged pass.
      const cleanOut = join(work, 'cleaned');
      const cleaned = await best(async () => cli(['clean', 'orders.odcs.yaml', '--server', 'pg', '--now', now, '--out', cleanOut, '--force', '--report', 'json', '--timeout', '600000'], credentials, work));
      const ct = cleaned.json.timing;
      const cr = cleaned.json.totals;
      console.log(`clean from PostgreSQL: CLI wall ${fmt(cleaned.ms)} (stream + staged pass ${fmt(ct.stageMs)}, figures ${fmt(ct.figuresMs)}, COPY ${fmt(ct.writeMs)}); read ${cr.read}, written ${cr.written}, quarantined ${cr.quarantined}, duplicates ${cr.deduplicated}; client peak RSS ${cleaned.rss.toFixed(0)} MB (DuckDB's copy of the table included; JS holds one 10k-row batch)`);
      rmSync(cleanOut, { recursive: true, force: true });

      // What a user would otherwise do: export the tables, then check the files.
      const dataDir = join(work, 'export');
      const csvDir = join(dataDir, 'data', 'csv');
      mkdirSync(csvDir, { recursive: true });
      const te = performance.now();
      for (const table of ['orders', 'users', 'order_items']) {
        // The export a user would script: psql's \\copy (COPY … TO STDOUT, written by the client).
        const r = spawnSync('psql', [env.CONTRACTLENS_TEST_PG_URL, '-c', `\\copy bench.${table} TO '${join(csvDir, `${table}.csv`)}' CSV HEADER`], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`);
      }
      const exportMs = performance.now() - te;
      for (const f of ['orders', 'users', 'order_items']) {
        const text = readFileSync(join(work, `${f}.odcs.yaml`), 'utf8');
        writeFileSync(join(dataDir, `${f}.odcs.yaml`), text);
      }
      const fileCheck = cli(['check', 'orders.odcs.yaml', '--server', 'local-csv', '--now', now, '--format', 'json', '--root', dataDir], {}, dataDir);
      console.log(`export to CSV then check: export ${fmt(exportMs)} + check ${fmt(fileCheck.ms)} = ${fmt(exportMs + fileCheck.ms)}; checking in PostgreSQL is ${ratio(exportMs + fileCheck.ms, check.ms)} faster (CLI wall)`);
      rmSync(dataDir, { recursive: true, force: true });
    }
    // The issue's memory target: at most 200 MB at 5M rows, and flat from 1M to 5M (the client holds aggregates only).
    console.log(`\nclient peak RSS by scale (check CLI, DuckDB included): ${peaks.join('; ')} (target ≤ 200 MB, flat)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    await stopAll();
  }
}

main().catch(async (e) => {
  console.error(e);
  await stopAll();
  process.exit(1);
});
