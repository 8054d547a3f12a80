// Reconcile a primary PostgreSQL with its replica on ANOTHER server (a second cluster on another port), 0.01 % of
// rows differing, at 1M and 5M orders:
//   segments  `contractlens reconcile --server primary --against replica` (segment checksums in each server)
//   (a)       what a DBA does by hand: copy the replica table into the primary (psql COPY … | psql COPY …), then one
//             FULL JOIN there
//   (b)       pull both tables into DuckDB (COPY … TO STDOUT as CSV, read_csv), FULL JOIN there
// Prints wall time and rows transferred for each; asserts only that all three find the same counts.
// Usage: node bench/reconcile-replica.mjs [--sizes 1000000,5000000]   (builds nothing: run `node scripts/build.mjs`)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServices, stopAll } from '../scripts/services/index.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'contractlens.js');
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [1_000_000, 5_000_000];
const DIFF_SHARE = 0.0001;

const work = mkdtempSync(join(tmpdir(), 'cl-bench-replica-'));
const env = await startServices(['postgres', 'postgres-replica']);
const P = 'CONTRACTLENS_TEST_PG_';
const R = 'CONTRACTLENS_TEST_PG_REPLICA_';

async function admin(prefix, fn) {
  const c = new pg.Client({ connectionString: env[`${prefix}SUPERUSER_URL`] });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const seconds = (t0) => (performance.now() - t0) / 1000;

/** The same deterministic orders on both servers (generate_series), primary key on order_id. */
async function load(prefix, n) {
  await admin(prefix, async (c) => {
    await c.query('DROP TABLE IF EXISTS orders; DROP TABLE IF EXISTS orders_replica');
    await c.query(`CREATE TABLE orders AS SELECT g::bigint AS order_id, ((g * 7919) % 50000)::bigint AS user_id,
      TIMESTAMP '2025-01-01' + g * INTERVAL '7 second' AS order_ts,
      (ARRAY['pending','paid','shipped','delivered','cancelled','refunded'])[1 + g % 6] AS status,
      (ARRAY['EUR','USD','SEK','PLN'])[1 + g % 4] AS currency, round(((g * 37) % 100000) / 100.0, 2)::numeric(12,2) AS total_amount,
      (ARRAY['DE','FR','PT','BE','NL', NULL])[1 + g % 6] AS shipping_country
      FROM generate_series(1::bigint, ${n}::bigint) AS g`);
    await c.query('ALTER TABLE orders ADD PRIMARY KEY (order_id)');
    await c.query('VACUUM ANALYZE orders');
  });
}

/** On the replica: a third of the differing rows deleted, a third changed, a third added. */
async function inject(n) {
  const k = Math.max(3, Math.round(n * DIFF_SHARE));
  const third = Math.floor(k / 3);
  const step = Math.floor(n / k);
  await admin(R, async (c) => {
    await c.query(`DELETE FROM orders WHERE order_id IN (SELECT g * ${step} FROM generate_series(1, ${third}) g)`);
    await c.query(`UPDATE orders SET status = 'lost' WHERE order_id IN (SELECT g * ${step} + 1 FROM generate_series(1, ${third}) g)`);
    await c.query(`INSERT INTO orders SELECT ${n} + g, 1, TIMESTAMP '2026-01-01', 'paid', 'EUR', 1.00, 'DE' FROM generate_series(1, ${k - 2 * third}) g`);
    await c.query('VACUUM ANALYZE orders');
  });
  return { missing: third, changed: third, extra: k - 2 * third };
}

function contract() {
  const server = (name, prefix) => `  - server: ${name}\n    type: postgres\n    host: 127.0.0.1\n    port: ${env[`${prefix}PORT`]}\n    database: ${env[`${prefix}DATABASE`]}\n    schema: public\n`;
  const file = join(work, 'orders.odcs.yaml');
  writeFileSync(file, `apiVersion: v3.1.0\nkind: DataContract\nid: urn:bench:orders\nversion: 1.0.0\nstatus: active\nservers:\n${server('primary', P)}${server('replica', R)}schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, primaryKey: true }
      - { name: user_id, logicalType: integer }
      - { name: order_ts, logicalType: timestamp }
      - { name: status, logicalType: string }
      - { name: currency, logicalType: string }
      - { name: total_amount, logicalType: number }
      - { name: shipping_country, logicalType: string }
`);
  // Both clusters' reader passwords in a libpq password file: the contract holds no credentials.
  const pass = join(work, 'pgpass');
  writeFileSync(pass, [P, R].map((p) => `127.0.0.1:${env[`${p}PORT`]}:*:${env[`${p}USER`]}:${env[`${p}PASSWORD`]}`).join('\n') + '\n', { mode: 0o600 });
  return { file, cliEnv: { ...process.env, PGUSER: env[`${P}USER`], PGPASSFILE: pass } };
}

function runCli(args, cliEnv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: work, env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

const psqlBin = () => {
  const which = spawnSync('sh', ['-c', 'command -v psql'], { encoding: 'utf8' }).stdout.trim();
  if (which) return which;
  return execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin/psql | sort -V | tail -1'], { encoding: 'utf8' }).trim();
};

const FULL_JOIN = (a, b) => `SELECT count(*) FILTER (WHERE b.order_id IS NULL) AS missing, count(*) FILTER (WHERE a.order_id IS NULL) AS extra,
  count(*) FILTER (WHERE a.order_id IS NOT NULL AND b.order_id IS NOT NULL AND (a.user_id, a.order_ts, a.status, a.currency, a.total_amount, a.shipping_country)
    IS DISTINCT FROM (b.user_id, b.order_ts, b.status, b.currency, b.total_amount, b.shipping_country)) AS changed
  FROM ${a} AS a FULL OUTER JOIN ${b} AS b ON a.order_id = b.order_id`;

async function baselineCopyThenJoin() {
  const psql = psqlBin();
  const t0 = performance.now();
  await admin(P, (c) => c.query('CREATE TABLE orders_replica (LIKE orders)'));
  const from = `${psql} "${env[`${R}SUPERUSER_URL`]}" -qc "COPY orders TO STDOUT"`;
  const to = `${psql} "${env[`${P}SUPERUSER_URL`]}" -qc "COPY orders_replica FROM STDIN"`;
  execFileSync('bash', ['-o', 'pipefail', '-c', `${from} | ${to}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const counts = await admin(P, async (c) => {
    await c.query('ANALYZE orders_replica');
    return (await c.query(FULL_JOIN('orders', 'orders_replica'))).rows[0];
  });
  const s = seconds(t0);
  await admin(P, (c) => c.query('DROP TABLE orders_replica'));
  return { s, counts };
}

async function baselineDuckDB(n) {
  const psql = psqlBin();
  const t0 = performance.now();
  for (const [prefix, name] of [[P, 'a'], [R, 'b']]) {
    execFileSync('sh', ['-c', `${psql} "${env[`${prefix}URL`]}" -qc "COPY orders TO STDOUT WITH (FORMAT csv, HEADER)" > ${join(work, `${name}.csv`)}`]);
  }
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const types = "{'order_id':'BIGINT','user_id':'BIGINT','order_ts':'TIMESTAMP','status':'VARCHAR','currency':'VARCHAR','total_amount':'DECIMAL(12,2)','shipping_country':'VARCHAR'}";
  const rel = (name) => `read_csv('${join(work, `${name}.csv`)}', header = true, columns = ${types})`;
  const counts = (await c.runAndReadAll(FULL_JOIN(rel('a'), rel('b')))).getRowObjectsJson()[0];
  c.closeSync();
  db.closeSync();
  return { s: seconds(t0), counts, n };
}

try {
  console.log(`reconcile primary PostgreSQL vs replica PostgreSQL on another port, ${DIFF_SHARE * 100} % of rows differing`);
  console.log('| orders | segments (contractlens) | rows transferred | (a) copy replica + FULL JOIN | rows transferred | (b) both into DuckDB | rows transferred |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of sizes) {
    await load(P, n);
    await load(R, n);
    const injected = await inject(n);
    const { file, cliEnv } = contract();
    const t0 = performance.now();
    const r = await runCli(['reconcile', file, '--server', 'primary', '--against', 'replica', '--format', 'json', '--samples', '0'], cliEnv);
    const segS = seconds(t0);
    const results = JSON.parse(r.out || '{"results":[]}').results;
    const get = (id) => results.find((x) => x.rule === `orders.reconcile.${id}`);
    if (!get('transfer')) throw new Error(`reconcile failed (exit ${r.code}): ${r.out.slice(0, 500)}${r.err.slice(0, 500)}`);
    const transfer = JSON.parse(get('transfer').observed);
    const seg = { missing: get('missing').failedRows, extra: get('extra').failedRows, changed: get('changed').failedRows };
    const a = await baselineCopyThenJoin();
    const b = await baselineDuckDB(n);
    for (const [name, counts] of [['segments', seg], ['(a)', a.counts], ['(b)', b.counts]]) {
      for (const k of ['missing', 'extra', 'changed']) {
        if (Number(counts[k]) !== injected[k]) throw new Error(`${name} found ${k} ${counts[k]}, injected ${injected[k]}`);
      }
    }
    const total = transfer.rowsCompared;
    const pct = (x) => `${((100 * x) / total).toFixed(3)} %`;
    console.log(`| ${n.toLocaleString('en-US')} | **${segS.toFixed(1)} s** | ${transfer.rowsTransferred.toLocaleString('en-US')} (${pct(transfer.rowsTransferred)}) + ${transfer.checksumRows.toLocaleString('en-US')} checksum rows, ${transfer.levels} levels | ${a.s.toFixed(1)} s | ${(n + injected.extra - injected.missing).toLocaleString('en-US')} | ${b.s.toFixed(1)} s | ${total.toLocaleString('en-US')} (100 %) |`);
  }
  console.log(`load average at the end: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
} finally {
  await stopAll();
  rmSync(work, { recursive: true, force: true });
}
