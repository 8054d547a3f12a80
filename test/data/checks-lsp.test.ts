/**
 * contractlens/check and contractlens/reconcile through the real language server over stdio: results with LSP
 * ranges on the rule's line, the same counts as the generator's, and refusal in an untrusted workspace.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TestClient } from '../lsp/client.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';

interface Res { rule: string; status: string; failedRows: number | null; range?: { start: { line: number; character: number } } }

let shop: ShopCopy;
const clients: TestClient[] = [];
before(() => {
  shop = makeShop(400, 'cl-shop-lsp-');
});
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(shop.dir, { recursive: true, force: true });
});

test('contractlens/check answers the results of a contract, each placed on its rule', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  for (const f of ['orders', 'users', 'order_items']) client.openFile(join(shop.dir, `${f}.odcs.yaml`));
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  const res = await client.request<{ results: Res[]; errors: unknown[] }>('contractlens/check', { uris: [uri], now: shop.expected.referenceTime, samples: 1 });
  const byRule = new Map(res.results.map((r) => [r.rule, r]));
  for (const id of ['orders.status.known_status', 'orders.user_id.relationship', 'orders.total_matches_items', 'orders.order_id.unique']) {
    assert.equal(byRule.get(id)!.failedRows, shop.expected.failedRows[id], id);
  }
  const lines = readFileSync(join(shop.dir, 'orders.odcs.yaml'), 'utf8').split('\n');
  const known = byRule.get('orders.status.known_status')!;
  assert.match(lines[known.range!.start.line], /- name: known_status/);
  const rel = byRule.get('orders.user_id.relationship')!;
  assert.match(lines[rel.range!.start.line], /to: users\.user_id/);

  const rec = await client.request<{ results: Res[] }>('contractlens/reconcile', { uri, schema: 'orders', server: 'local-parquet', against: 'replica-parquet' });
  assert.equal(rec.results.find((r) => r.rule === 'orders.reconcile.missing')!.failedRows, shop.expected.reconcile.missingInReplica);
});

test('untrusted workspace: check and reconcile are refused', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  await assert.rejects(client.request('contractlens/check', { uris: [uri] }), /not trusted/);
  await assert.rejects(client.request('contractlens/reconcile', { uri, against: 'replica-parquet' }), /not trusted/);
});
