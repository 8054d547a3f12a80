/**
 * contractlens/plan through the real language server over stdio: every rule a run would report, per schema object,
 * with its kind and its line in the contract — from the contract alone (no data file, untrusted workspace), and with
 * the very ids `contractlens/check` reports, so the Test Explorer's items are the ones a run updates.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeShop, type ShopCopy } from '../data/exampleShop.ts';
import { ROOT } from '../helpers/paths.ts';
import type { PlanResponse } from '../../server/src/shared/protocol.ts';
import { TestClient } from './client.ts';

interface Planned { id: string; name: string; kind: string; severity: string; property: string | null; range?: { start: { line: number; character: number }; end: { line: number; character: number } } }
interface Plan { uri: string; schemas: { name: string; rules: Planned[] }[] }

const FIXTURE_DIR = join(ROOT, 'test', 'fixtures', 'lsp', 'plan');
const PAYMENTS = join(FIXTURE_DIR, 'payments.odcs.yaml');

let shop: ShopCopy;
const clients: TestClient[] = [];
before(() => {
  shop = makeShop(200, 'cl-plan-lsp-');
});
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(shop.dir, { recursive: true, force: true });
});

test('untrusted workspace, data files missing: the plan lists every rule with its kind and its line', async () => {
  assert.ok(!existsSync(join(FIXTURE_DIR, 'missing')), 'the fixture has no data at all');
  const client = await TestClient.start({ rootDir: FIXTURE_DIR, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(PAYMENTS);
  // Data features are off here; the plan is not one of them.
  await assert.rejects(client.request('contractlens/check', { uris: [uri] }), /not trusted/);
  const plan = await client.request<Plan>('contractlens/plan', { uri });
  assert.equal(plan.uri, uri);
  assert.deepEqual(plan.schemas.map((s) => s.name), ['customers', 'payments']);
  const ids = Object.fromEntries(plan.schemas.map((s) => [s.name, s.rules.map((r) => r.id)]));
  assert.deepEqual(ids.customers, [
    'customers.customer_id.presence', 'customers.customer_id.type', 'customers.customer_id.required',
    'customers.email.presence', 'customers.email.type', 'customers.email.unique', 'customers.customer_id.primaryKey',
  ]);
  assert.deepEqual(ids.payments, [
    'payments.payment_id.presence', 'payments.payment_id.type',
    'payments.customer_id.presence', 'payments.customer_id.type', 'payments.customer_id.relationship',
    'payments.method.presence', 'payments.method.type', 'payments.method.known_method',
    'payments.paid_at.presence', 'payments.paid_at.type', 'payments.some_payments', 'payments.paid_at.latency',
  ]);
  const rules = new Map(plan.schemas.flatMap((s) => s.rules).map((r) => [r.id, r]));
  const kinds = (...xs: string[]) => xs.map((x) => rules.get(x)!.kind);
  assert.deepEqual(
    kinds('customers.customer_id.required', 'customers.email.unique', 'customers.customer_id.primaryKey', 'payments.customer_id.relationship', 'payments.method.known_method', 'payments.some_payments', 'payments.paid_at.latency'),
    ['required', 'unique', 'primaryKey', 'relationship', 'metric', 'metric', 'latency'],
  );
  assert.equal(rules.get('payments.some_payments')!.severity, 'warning');
  assert.equal(rules.get('payments.some_payments')!.property, null);
  assert.equal(rules.get('payments.method.known_method')!.property, 'method');

  // Each range sits on the line that states the rule.
  const lines = readFileSync(PAYMENTS, 'utf8').split('\n');
  const lineOf = (id: string) => {
    const r = rules.get(id)!.range;
    assert.ok(r, `${id} has a range`);
    return lines[r.start.line];
  };
  assert.match(lineOf('customers.customer_id.presence'), /- name: customer_id/);
  assert.match(lineOf('customers.customer_id.required'), /required: true/);
  assert.match(lineOf('customers.email.unique'), /unique: true/);
  assert.match(lineOf('customers.customer_id.primaryKey'), /primaryKey: true/);
  assert.match(lineOf('payments.customer_id.relationship'), /to: customers\.customer_id/);
  assert.match(lineOf('payments.method.known_method'), /- name: known_method/);
  assert.match(lineOf('payments.paid_at.type'), /logicalType: timestamp/);
  assert.match(lineOf('payments.paid_at.latency'), /- property: latency/);
  const typeRange = rules.get('payments.paid_at.type')!.range!;
  assert.equal(lines[typeRange.start.line].slice(typeRange.start.character, typeRange.end.character), 'timestamp');

  // One schema object only; a file that is no contract is an error, and the server keeps serving.
  const one = await client.request<Plan>('contractlens/plan', { uri, schema: 'payments' });
  assert.deepEqual(one.schemas.map((s) => [s.name, s.rules.length]), [['payments', 12]]);
  await assert.rejects(client.request('contractlens/plan', { uri: 'file:///nowhere/none.odcs.yaml' }), /Not a contract/);
  await assert.rejects(client.request('contractlens/plan', {}), /Not a contract/);
  assert.equal((await client.request<Plan>('contractlens/plan', { uri })).schemas.length, 2);
});

test('the plan follows the edited buffer, before it is saved', async () => {
  const client = await TestClient.start({ rootDir: FIXTURE_DIR, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(PAYMENTS);
  const text = readFileSync(PAYMENTS, 'utf8').replace('        unique: true\n', '');
  client.change(uri, [{ text }]);
  const plan = await client.request<Plan>('contractlens/plan', { uri });
  const ids = plan.schemas.find((s) => s.name === 'customers')!.rules.map((r) => r.id);
  assert.ok(!ids.includes('customers.email.unique'), ids.join(', '));
  assert.equal(ids.length, 6);
});

test('trusted: the plan has exactly the rule ids and ranges that contractlens/check reports', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  for (const f of ['orders', 'users', 'order_items']) client.openFile(join(shop.dir, `${f}.odcs.yaml`));
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  const plan = await client.request<Plan>('contractlens/plan', { uri });
  const check = await client.request<{ results: { rule: string; schema: string; range?: Planned['range'] }[] }>('contractlens/check', { uris: [uri], now: shop.expected.referenceTime, samples: 1 });
  const planned = plan.schemas.flatMap((s) => s.rules.map((r) => `${s.name} ${r.id} ${JSON.stringify(r.range)}`)).sort();
  const reported = check.results.map((r) => `${r.schema} ${r.rule} ${JSON.stringify(r.range)}`).sort();
  assert.ok(planned.length > 10, `${planned.length} rules`);
  assert.deepEqual(planned, reported);
});

test('the plan also places each schema object and names the servers, so the client reads nothing of the contract', async () => {
  const client = await TestClient.start({ rootDir: FIXTURE_DIR, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(PAYMENTS);
  const text = readFileSync(PAYMENTS, 'utf8').split('\n');
  const plan = await client.request<PlanResponse>('contractlens/plan', { uri });
  assert.ok(plan.servers.length > 0, JSON.stringify(plan.servers));
  for (const s of plan.schemas) {
    const sel = s.selectionRange!;
    assert.equal(text[sel.start.line]!.slice(sel.start.character, sel.end.character), s.name, `${s.name}: its name`);
    assert.ok(s.range!.start.line <= sel.start.line && s.range!.end.line > sel.start.line, `${s.name}: the whole object`);
  }
});
