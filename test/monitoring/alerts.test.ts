/**
 * `contractlens alerts` and `contractlens dashboard` through the real CLI on the example shop contracts: promtool
 * check rules accepts the file, and promtool test rules proves that the orders relationship alert fires on a series
 * with orphans (after the tolerance) and stays silent on a series without.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { stringify } from 'yaml';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { SHOP } from '../data/exampleShop.ts';
import { promtool } from './promtool.ts';

let dir: string;
before(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cl-alerts-'));
  for (const f of readdirSync(SHOP).filter((n) => n.endsWith('.odcs.yaml'))) copyFileSync(join(SHOP, f), join(dir, f));
});

const REL = { contract: 'orders.odcs.yaml', schema: 'orders', property: 'user_id', rule: 'orders.user_id.relationship', kind: 'relationship', dimension: 'consistency', server: 'local-parquet' };
const series = (name: string, labels: Record<string, string>) => `${name}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;

test('alerts: promtool check rules accepts the file, and promtool test rules fires on orphans only', async () => {
  const r = await runCli(['alerts', '.', '--for', '2m', '-o', 'rules.yml'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const check = promtool(['check', 'rules', join(dir, 'rules.yml')]);
  assert.equal(check.status, 0, check.out);
  assert.match(check.out, /SUCCESS: \d+ rules found/);

  const orphans = 15;
  const tests = {
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [
      {
        // A run every minute that finds orphans: pending for the 2m tolerance, then firing.
        interval: '1m',
        input_series: [
          { series: series('contractlens_rule_status', REL), values: '2x10' },
          { series: series('contractlens_rule_failed_rows', REL), values: `${orphans}x10` },
        ],
        alert_rule_test: [
          { eval_time: '1m', alertname: 'ContractLensRuleFailed', exp_alerts: [] },
          {
            eval_time: '5m',
            alertname: 'ContractLensRuleFailed',
            exp_alerts: [{
              exp_labels: { ...REL, severity: 'error' },
              exp_annotations: {
                summary: 'orders.user_id.relationship fails in orders.odcs.yaml',
                description: `user_id references users.user_id: ${orphans} failing rows (status 2: 2 failed, 3 error).`,
              },
            }],
          },
        ],
      },
      {
        // The same rule passing (no orphans): silent.
        interval: '1m',
        input_series: [
          { series: series('contractlens_rule_status', REL), values: '0x10' },
          { series: series('contractlens_rule_failed_rows', REL), values: '0x10' },
        ],
        alert_rule_test: [{ eval_time: '5m', alertname: 'ContractLensRuleFailed', exp_alerts: [] }],
      },
      {
        // Orders 3 h old against the 1 d latency SLA: silent; 2 d old: stale.
        interval: '1m',
        input_series: [
          { series: series('contractlens_source_freshness_seconds', { contract: 'orders.odcs.yaml', schema: 'orders', server: 'local-parquet' }), values: '10800x4 172800x10' },
        ],
        alert_rule_test: [
          { eval_time: '3m', alertname: 'ContractLensSourceStale', exp_alerts: [] },
          {
            eval_time: '10m',
            alertname: 'ContractLensSourceStale',
            exp_alerts: [{
              exp_labels: { contract: 'orders.odcs.yaml', schema: 'orders', server: 'local-parquet', severity: 'error' },
              exp_annotations: { summary: 'orders in orders.odcs.yaml is older than its SLA latency (1 d)', description: 'The newest row is 2d 0h 0m 0s old.' },
            }],
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'rules.test.yml'), stringify(tests));
  const run = promtool(['test', 'rules', join(dir, 'rules.test.yml')]);
  assert.equal(run.status, 0, run.out);
  assert.match(run.out, /SUCCESS/);
});

test('dashboard: a row per contract and a panel per dimension over the documented families', async () => {
  const r = await runCli(['dashboard', 'orders.odcs.yaml', 'users.odcs.yaml'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout) as { panels: { type: string; title: string; targets?: { expr: string }[] }[] };
  assert.deepEqual(d.panels.filter((p) => p.type === 'row').map((p) => p.title), ['orders.odcs.yaml', 'users.odcs.yaml']);
  const consistency = d.panels.find((p) => p.title === 'consistency: failing rows')!;
  assert.equal(consistency.targets![0].expr, 'sum by (rule) (contractlens_rule_failed_rows{contract="orders.odcs.yaml", dimension="consistency"})');
  assert.equal(d.panels.find((p) => p.title === 'copies: differing rows')?.targets![0].expr, 'contractlens_reconcile_rows{contract="orders.odcs.yaml"}', 'orders has a replica');
});
