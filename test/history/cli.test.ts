/**
 * History through the real CLI on the example shop: two `check --history` processes started together both record
 * a whole run; `history` prints sparklines with the change since the previous run, JSON and CSV; the project config
 * `.contractlens.yaml` turns history on without the flag.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { makeShop, type ShopCopy } from '../data/exampleShop.ts';

let shop: ShopCopy;
const NOW = ['--now', '2026-01-31T00:00:00Z'];

before(() => {
  ensureBuilt();
  shop = makeShop(600, 'cl-hist-shop-');
});

test('two concurrent check processes both record their whole run into one history file', async () => {
  const history = join(shop.dir, 'concurrent.duckdb');
  const runs = await Promise.all([0, 1].map(() => runCli(['check', 'orders.odcs.yaml', 'users.odcs.yaml', ...NOW, '--history', history, '-f', 'json'], { cwd: shop.dir, timeoutMs: 120_000 })));
  for (const r of runs) assert.equal(r.status, 1, r.stderr);
  const reported = JSON.parse(runs[0].stdout).results.length;
  const out = await runCli(['history', '--history', history, '-f', 'json'], { cwd: shop.dir, timeoutMs: 60_000 });
  assert.equal(out.status, 0, out.stderr);
  const records = JSON.parse(out.stdout).records as { runId: string; rule: string; failedRows: number | null; server: string; dimension: string }[];
  const perRun = new Map<string, number>();
  for (const r of records) perRun.set(r.runId, (perRun.get(r.runId) ?? 0) + 1);
  assert.deepEqual([...perRun.values()], [reported, reported]);
  const orphans = records.filter((r) => r.rule === 'orders.user_id.relationship');
  assert.deepEqual(orphans.map((r) => r.failedRows), [shop.expected.failedRows['orders.user_id.relationship'], shop.expected.failedRows['orders.user_id.relationship']]);
  assert.equal(orphans[0].server, 'local-parquet');
  assert.equal(orphans[0].dimension, 'consistency');
  // No sample values and no messages are recorded: only counts (sensitive columns cannot leak into history).
  assert.ok(!/"samples"|"message"/.test(out.stdout));
});

test('history text shows a sparkline and the change since the previous run; csv and --rule/--since filter', async () => {
  const dir = shop.dir;
  writeFileSync(join(dir, '.contractlens.yaml'), 'history: true\n');
  const first = await runCli(['check', 'orders.odcs.yaml', ...NOW, '--only', 'relationship'], { cwd: dir, timeoutMs: 120_000 });
  assert.equal(first.status, 1, first.stderr);
  const second = await runCli(['check', 'orders.odcs.yaml', ...NOW, '--only', 'relationship', '--server', 'local-csv'], { cwd: dir, timeoutMs: 120_000 });
  assert.equal(second.status, 1, second.stderr);
  const text = await runCli(['history', '--rule', 'orders.user_id.relationship'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(text.status, 0, text.stderr);
  const n = shop.expected.failedRows['orders.user_id.relationship'];
  assert.match(text.stdout, /^2 runs, 1 rule/);
  assert.match(text.stdout, new RegExp(`orders\\.user_id\\.relationship  ▄▄  failed   ${n} failing rows, no change since the previous run  \\(orders\\.odcs\\.yaml\\)`));
  const csv = await runCli(['history', '--rule', 'orders.user_id.relationship', '-f', 'csv', '--since', '1d'], { cwd: dir, timeoutMs: 60_000 });
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'runId,time,commit,tool,contract,schema,property,rule,kind,dimension,server,status,severity,failedRows,totalRows,observed,threshold,durationMs,contractId,against');
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[10]), ['local-parquet', 'local-csv']);
  const future = await runCli(['history', '--since', '2999-01-01'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(future.stdout, 'No recorded runs.\n');
  const bad = await runCli(['history', '--since', 'yesterday'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--since expects an ISO date or an age/);
  writeFileSync(join(dir, '.contractlens.yaml'), 'history: [1]\n');
  const badConfig = await runCli(['check', 'orders.odcs.yaml', ...NOW], { cwd: dir });
  assert.equal(badConfig.status, 2);
  assert.match(badConfig.stderr, /\.contractlens\.yaml: "history" must be true, false or a file path/);
});
