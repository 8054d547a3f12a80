/**
 * `contractlens reconcile` through the real CLI: the orders source against its replica, for every format, with the
 * generator's own counts of missing, extra and changed rows (per column); --columns; exit codes; an unreadable copy.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';

interface Json {
  results: { rule: string; status: string; failedRows: number | null; observed: unknown; samples: Record<string, unknown>[]; message: string }[];
}

let shop: ShopCopy;
before(() => {
  ensureBuilt();
  shop = makeShop(1500, 'cl-shop-reconcile-');
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

const reconcile = async (...args: string[]) => {
  const r = await runCli(['reconcile', 'orders.odcs.yaml', ...args], { cwd: shop.dir, timeoutMs: 60_000 });
  return { ...r, json: r.stdout.startsWith('{') ? (JSON.parse(r.stdout) as Json) : undefined };
};
const rule = (json: Json | undefined, id: string) => json!.results.find((x) => x.rule === id)!;

for (const fmt of ['parquet', 'csv', 'jsonl']) {
  describe(`source against replica (${fmt})`, () => {
    test('missing, extra and changed rows match the generator, per column; exit 1', async () => {
      const r = await reconcile('--server', `local-${fmt}`, '--against', `replica-${fmt}`, '--format', 'json');
      assert.equal(r.status, 1, r.stderr);
      const e = shop.expected.reconcile;
      assert.equal(rule(r.json, 'orders.reconcile.missing').failedRows, e.missingInReplica);
      assert.equal(rule(r.json, 'orders.reconcile.extra').failedRows, e.extraInReplica);
      assert.equal(rule(r.json, 'orders.reconcile.changed').failedRows, e.changedRows);
      assert.equal(rule(r.json, 'orders.reconcile.column.status').failedRows, e.changedColumns.status);
      assert.equal(rule(r.json, 'orders.reconcile.column.total_amount').failedRows, e.changedColumns.total_amount);
      assert.equal(rule(r.json, 'orders.reconcile.column.user_id').failedRows, 0);
      assert.equal(rule(r.json, 'orders.reconcile.column.user_id').status, 'passed');
      assert.equal(rule(r.json, 'orders.reconcile.duplicateKeys').failedRows, e.duplicateKeysInSource);
      const changed = rule(r.json, 'orders.reconcile.changed');
      assert.equal(changed.samples.length, 5);
      for (const s of changed.samples) {
        assert.ok(s[`status (local-${fmt})`] !== s[`status (replica-${fmt})`] || s[`total_amount (local-${fmt})`] !== s[`total_amount (replica-${fmt})`]);
      }
    });
  });
}

test('--columns limits the comparison', async () => {
  const r = await reconcile('--against', 'replica-parquet', '--columns', 'status', '--format', 'json');
  assert.equal(r.status, 1);
  assert.equal(rule(r.json, 'orders.reconcile.changed').failedRows, shop.expected.reconcile.changedColumns.status);
  assert.equal(r.json!.results.filter((x) => x.rule.startsWith('orders.reconcile.column.')).length, 1);
});

test('a copy against itself agrees: exit 0, and the text report says so', async () => {
  const r = await reconcile('--server', 'replica-parquet', '--against', 'replica-parquet');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /orders\.odcs\.yaml › orders/);
  assert.match(r.stdout, /Reconciliation: \d+ rules: \d+ passed, 0 failed/);
});

test('an unreadable copy is an error result (exit 1); usage errors exit 2', async () => {
  rmSync(join(shop.dir, 'data', 'jsonl', 'replica', 'orders.jsonl'));
  const r = await reconcile('--server', 'local-jsonl', '--against', 'replica-jsonl', '--format', 'json');
  assert.equal(r.status, 1);
  assert.equal(r.json!.results[0].status, 'error');
  assert.match(r.json!.results[0].message, /orders\.jsonl/);
  assert.equal((await reconcile('--server', 'local-csv')).status, 2); // no --against
  assert.equal((await reconcile('--against', 'nope')).status, 2);
});
