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

interface Counts { total: number; passed: number; failed: number; warning: number; error: number; skipped: number; text: string }
interface Counted { results: (Res & { schema: string; contractUri: string })[]; counts: Counts; schemaCounts: { uri: string; schema: string; counts: Counts }[]; errors: { uri?: string; message: string }[] }

test('the server counts every check response: the whole run and each schema object, with their wording', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const uris = ['orders', 'users', 'order_items'].map((f) => client.openFile(join(shop.dir, `${f}.odcs.yaml`)));
  const res = await client.request<Counted>('contractlens/check', { uris, now: shop.expected.referenceTime, samples: 0 });
  const statuses = res.results.map((r) => r.status);
  const n = (s: string) => statuses.filter((x) => x === s).length;
  assert.equal(res.counts.total, res.results.length);
  assert.deepEqual([res.counts.passed, res.counts.failed, res.counts.warning, res.counts.error, res.counts.skipped], [n('passed'), n('failed'), n('warning'), n('error'), n('skipped')]);
  assert.ok(res.counts.failed > 0, 'the shop has injected defects');
  assert.match(res.counts.text, new RegExp(`^${res.results.length} rules · ${res.counts.failed} failed`));
  // Per schema object: one entry per (contract, schema), summing to the whole.
  assert.equal(new Set(res.schemaCounts.map((s) => `${s.uri}#${s.schema}`)).size, res.schemaCounts.length);
  assert.equal(res.schemaCounts.reduce((a, s) => a + s.counts.total, 0), res.counts.total);
  const orders = res.schemaCounts.find((s) => s.schema === 'orders')!;
  assert.equal(orders.counts.total, res.results.filter((r) => r.schema === 'orders').length);
  assert.equal(orders.counts.failed, res.results.filter((r) => r.schema === 'orders' && r.status === 'failed').length);
});

test('targets: one request runs whole contracts, single schema objects and single rules, and counts only those', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const [orders, users] = ['orders', 'users'].map((f) => client.openFile(join(shop.dir, `${f}.odcs.yaml`)));
  client.openFile(join(shop.dir, 'order_items.odcs.yaml'));
  const res = await client.request<Counted>('contractlens/check', {
    targets: [
      { uri: orders, rules: ['orders.status.known_status', 'orders.user_id.relationship'] },
      { uri: users, schemas: ['users'] },
      { uri: 'file:///nowhere/not-a-contract.yaml' },
    ],
    now: shop.expected.referenceTime,
    samples: 0,
  });
  const ordersRules = res.results.filter((r) => r.contractUri === orders).map((r) => r.rule).sort();
  assert.deepEqual(ordersRules, ['orders.status.known_status', 'orders.user_id.relationship']);
  assert.equal(res.results.find((r) => r.rule === 'orders.user_id.relationship')!.failedRows, shop.expected.failedRows['orders.user_id.relationship']);
  assert.ok(res.results.some((r) => r.contractUri === users), 'the users schema object ran');
  assert.equal(res.counts.total, res.results.length);
  assert.equal(res.schemaCounts.find((s) => s.uri === orders)!.counts.total, 2);
  assert.deepEqual(res.errors.map((e) => e.uri), ['file:///nowhere/not-a-contract.yaml']);
});

test('untrusted workspace: check and reconcile are refused', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  await assert.rejects(client.request('contractlens/check', { uris: [uri] }), /not trusted/);
  await assert.rejects(client.request('contractlens/reconcile', { uri, against: 'replica-parquet' }), /not trusted/);
});
