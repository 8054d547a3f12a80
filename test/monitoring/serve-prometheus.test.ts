/**
 * `contractlens serve` on the example shop, scraped by a real Prometheus (scripts/services/prometheus.mjs): after two
 * scrapes, Prometheus's HTTP API holds the injected orphan count for orders.user_id.relationship; the rule file from
 * `contractlens alerts` loads without error and the relationship alert goes pending or firing; fixing the orphans in
 * the data changes the value at the next run; SIGTERM stops serve cleanly (exit 0) and the history holds the runs.
 * The project config declares a reconciliation of orders with its replica: Prometheus holds
 * contractlens_reconcile_rows for each kind at the injected missing/extra/changed counts, the copies-differ alert
 * from `contractlens alerts` goes pending or firing on it, and the history holds the reconcile results.
 */
import assert from 'node:assert/strict';
import { renameSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { makeShop, type ShopCopy } from '../data/exampleShop.ts';
import { startServe, until, type ServeProcess } from './serveProcess.ts';

const PROM = process.env.CONTRACTLENS_TEST_PROMETHEUS_URL;
const PORT = process.env.CONTRACTLENS_TEST_PROMETHEUS_TARGET_PORT;
const RULES = process.env.CONTRACTLENS_TEST_PROMETHEUS_RULES;
const RULE = 'orders.user_id.relationship';

let shop: ShopCopy;
let serve: ServeProcess | undefined;

before(() => {
  if (!PROM || !PORT || !RULES) throw new Error('the Prometheus test service is not running: run the tests through scripts/run-tests.mjs');
  ensureBuilt();
  shop = makeShop(600, 'cl-serve-prom-');
});
after(async () => {
  await serve?.stop();
});

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${PROM}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  assert.equal(body.status, 'success');
  return body.data.result;
}

test('Prometheus scrapes serve: orphan count, alert rules loaded and pending/firing, a fix changes the value, clean SIGTERM', async () => {
  const history = join(shop.dir, 'serve-history.duckdb');
  writeFileSync(join(shop.dir, '.contractlens.yaml'), 'reconcile:\n  - contract: orders.odcs.yaml\n    schema: orders\n    against: replica-parquet\n');
  serve = startServe(['.', '--every', '2s', '--listen', `127.0.0.1:${PORT}`, '--history', history], shop.dir);
  await serve.waitForLog(/orders\.odcs\.yaml \[local-parquet\] run 1:/);

  // Two scrapes of a target that is up, then the orphan count as Prometheus stored it.
  await until('two successful scrapes', async () => {
    const r = await query('sum_over_time(up{job="contractlens"}[5m])');
    return r.length && Number(r[0].value[1]) >= 2 ? true : undefined;
  });
  const orphans = shop.expected.failedRows[RULE];
  assert.ok(orphans > 0);
  const stored = await until('the relationship series', async () => {
    const r = await query(`contractlens_rule_failed_rows{rule="${RULE}"}`);
    return r.length ? r : undefined;
  });
  assert.equal(stored.length, 1);
  assert.equal(Number(stored[0].value[1]), orphans);
  assert.equal(stored[0].metric.contract, 'orders.odcs.yaml');
  assert.equal(stored[0].metric.server, 'local-parquet');

  // The declared reconciliation: one series per kind, at the injected counts.
  await serve.waitForLog(/orders\.odcs\.yaml reconcile orders local-parquet vs replica-parquet \[local-parquet\] run 1:/);
  const expectedRows = { missing: shop.expected.reconcile.missingInReplica, extra: shop.expected.reconcile.extraInReplica, changed: shop.expected.reconcile.changedRows };
  assert.ok(Object.values(expectedRows).every((n) => n > 0));
  const reconciled = await until('the three reconcile series', async () => {
    const r = await query('contractlens_reconcile_rows');
    return r.length === 3 ? r : undefined;
  });
  for (const series of reconciled) {
    const { contract, schema, server, against, kind } = series.metric;
    assert.deepEqual({ contract, schema, server, against }, { contract: 'orders.odcs.yaml', schema: 'orders', server: 'local-parquet', against: 'replica-parquet' });
    assert.equal(Number(series.value[1]), expectedRows[kind as keyof typeof expectedRows], `reconcile ${kind}`);
  }

  // The rule file from `contractlens alerts`, installed and reloaded: no rule has an error, and the relationship alert
  // goes pending (or firing) while the orphans are there.
  const written = await runCli(['alerts', '.', '--every', '2s', '--for', '1s', '-o', RULES!], { cwd: shop.dir, timeoutMs: 60_000 });
  assert.equal(written.status, 0, written.stderr);
  const reload = await fetch(`${PROM}/-/reload`, { method: 'POST' });
  assert.equal(reload.status, 200, await reload.text());
  const groups = await until('the contract rule groups', async () => {
    const body = (await (await fetch(`${PROM}/api/v1/rules`)).json()) as { data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] } };
    return body.data.groups.length ? body.data.groups : undefined;
  });
  assert.ok(groups.some((g) => g.name === 'contractlens orders.odcs.yaml'));
  const ruleCount = readFileSync(RULES!, 'utf8').match(/- alert:/g)!.length;
  assert.equal(groups.reduce((n, g) => n + g.rules.length, 0), ruleCount);
  await until('every rule evaluated without error', async () => {
    const body = (await (await fetch(`${PROM}/api/v1/rules`)).json()) as { data: { groups: { rules: { health: string; lastError?: string }[] }[] } };
    const rules = body.data.groups.flatMap((g) => g.rules);
    const bad = rules.filter((r) => r.health === 'err');
    assert.deepEqual(bad, []);
    return rules.every((r) => r.health === 'ok') ? true : undefined;
  });
  const alert = await until('the relationship alert', async () => {
    const body = (await (await fetch(`${PROM}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
    return body.data.alerts.find((a) => a.labels.alertname === 'ContractLensRuleFailed' && a.labels.rule === RULE);
  });
  assert.match(alert.state, /pending|firing/);
  const differ = await until('the copies-differ alert', async () => {
    const body = (await (await fetch(`${PROM}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string; value: string }[] } };
    const found = body.data.alerts.filter((a) => a.labels.alertname === 'ContractLensCopiesDiffer' && a.labels.contract === 'orders.odcs.yaml');
    return found.length === 3 ? found : undefined;
  });
  assert.deepEqual(differ.map((a) => a.labels.kind).sort(), ['changed', 'extra', 'missing']);
  for (const a of differ) assert.match(a.state, /pending|firing/);

  // Fix the orphans in the data (atomically replace the Parquet file): the next run reports 0, and Prometheus has it.
  const data = join(shop.dir, 'data', 'parquet');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT * FROM read_parquet('${join(data, 'orders.parquet')}') WHERE user_id IS NULL OR user_id IN (SELECT user_id FROM read_parquet('${join(data, 'users.parquet')}'))) TO '${join(data, 'orders.fixed.parquet')}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
  renameSync(join(data, 'orders.fixed.parquet'), join(data, 'orders.parquet'));
  await until('the fixed value in Prometheus', async () => {
    const r = await query(`contractlens_rule_failed_rows{rule="${RULE}"}`);
    return r.length && Number(r[0].value[1]) === 0 ? true : undefined;
  });
  const overTime = await query(`max_over_time(contractlens_rule_failed_rows{rule="${RULE}"}[5m])`);
  assert.equal(Number(overTime[0].value[1]), orphans, 'the earlier value is still in the series');

  const stopped = await serve.stop();
  const log = serve.log();
  serve = undefined;
  assert.equal(stopped.code, 0, `exit 0 on SIGTERM:\n${log}`);
  assert.match(log, /contractlens serve: stopped\n$/);
  const hist = await runCli(['history', '--history', history, '--rule', RULE, '-f', 'json'], { cwd: shop.dir, timeoutMs: 60_000 });
  const values = (JSON.parse(hist.stdout).records as { failedRows: number; tool: string }[]).map((r) => r.failedRows);
  assert.equal(values[0], orphans);
  assert.equal(values[values.length - 1], 0);
  const recon = await runCli(['history', '--history', history, '--rule', 'orders.reconcile.missing', '-f', 'json'], { cwd: shop.dir, timeoutMs: 60_000 });
  const first = (JSON.parse(recon.stdout).records as { failedRows: number; tool: string; against: string | null; server: string | null; contractId: string | null }[])[0];
  assert.deepEqual({ ...first }, { ...first, failedRows: expectedRows.missing, tool: 'serve', against: 'replica-parquet', server: 'local-parquet', contractId: /^id:\s*(\S+)/m.exec(readFileSync(join(shop.dir, 'orders.odcs.yaml'), 'utf8'))![1] });
  rmSync(join(shop.dir, '.contractlens.yaml'));
  writeFileSync(RULES!, 'groups: []\n');
});
