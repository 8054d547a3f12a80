/**
 * `--format openmetrics` of check and reconcile through the real CLI on the example shop: the documented families
 * with the injected defect counts, no sample value in any label, and promtool check metrics accepts the output.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { makeShop, type ShopCopy } from '../data/exampleShop.ts';
import { promtool } from './promtool.ts';

let shop: ShopCopy;
before(() => {
  ensureBuilt();
  shop = makeShop(600, 'cl-metrics-shop-');
});

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

test('check --format openmetrics: the documented families, the injected counts, and promtool accepts it', async () => {
  const r = await runCli(['check', '.', '--now', '2026-01-31T00:00:00Z', '-f', 'openmetrics'], { cwd: shop.dir, timeoutMs: 120_000 });
  assert.equal(r.status, 1, r.stderr);
  for (const family of ['contractlens_rule_failed_rows', 'contractlens_rule_total_rows', 'contractlens_rule_status', 'contractlens_rule_observed_value', 'contractlens_source_freshness_seconds', 'contractlens_check_duration_seconds', 'contractlens_last_run_timestamp_seconds', 'contractlens_runs_total']) {
    assert.match(r.stdout, new RegExp(`^# TYPE ${family} (gauge|counter)$`, 'm'), family);
  }
  const rel = { contract: 'orders.odcs.yaml', schema: 'orders', property: 'user_id', rule: 'orders.user_id.relationship', kind: 'relationship', dimension: 'consistency', server: 'local-parquet' };
  assert.equal(sample(r.stdout, 'contractlens_rule_failed_rows', rel), shop.expected.failedRows['orders.user_id.relationship']);
  assert.equal(sample(r.stdout, 'contractlens_rule_total_rows', rel), shop.expected.rows.orders);
  assert.equal(sample(r.stdout, 'contractlens_rule_status', rel), 2);
  // The orders SLA: newest order_ts 3 h before the reference time.
  const latest = Date.parse(shop.expected.latest['orders.order_ts']);
  assert.equal(sample(r.stdout, 'contractlens_source_freshness_seconds', { contract: 'orders.odcs.yaml', schema: 'orders' }), Math.round((Date.parse(shop.expected.referenceTime) - latest) / 1000));
  assert.equal(sample(r.stdout, 'contractlens_runs_total', { contract: 'orders.odcs.yaml', result: 'failed' }), 1);
  // Labels hold names from the contract only: no email address from the users table appears anywhere.
  assert.doesNotMatch(r.stdout, /@/);
  const lint = promtool(['check', 'metrics'], r.stdout);
  assert.equal(lint.status, 0, lint.out);
});

test('reconcile --format openmetrics: contractlens_reconcile_rows per kind, and promtool accepts it', async () => {
  const r = await runCli(['reconcile', 'orders.odcs.yaml', '--against', 'replica-parquet', '-f', 'openmetrics'], { cwd: shop.dir, timeoutMs: 120_000 });
  assert.equal(r.status, 1, r.stderr);
  const base = { contract: 'orders.odcs.yaml', schema: 'orders', server: 'local-parquet', against: 'replica-parquet' };
  assert.equal(sample(r.stdout, 'contractlens_reconcile_rows', { ...base, kind: 'missing' }), shop.expected.reconcile.missingInReplica);
  assert.equal(sample(r.stdout, 'contractlens_reconcile_rows', { ...base, kind: 'extra' }), shop.expected.reconcile.extraInReplica);
  assert.equal(sample(r.stdout, 'contractlens_reconcile_rows', { ...base, kind: 'changed' }), shop.expected.reconcile.changedRows);
  const lint = promtool(['check', 'metrics'], r.stdout);
  assert.equal(lint.status, 0, lint.out);
});
