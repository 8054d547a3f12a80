/**
 * contractlens/clean through the real language server over stdio: the cleaned files and the report, progress on the
 * client's work-done token, a refused overwrite as error 3, cancellation that leaves nothing under a final name,
 * and refusal in an untrusted workspace.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WorkDoneProgress } from 'vscode-languageserver-protocol';
import { TestClient } from '../lsp/client.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';
import { RequestError, type CleanResponse } from '../../server/src/shared/protocol.ts';

let shop: ShopCopy;
const clients: TestClient[] = [];
before(() => {
  shop = makeShop(400, 'cl-shop-clean-lsp-');
});
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(shop.dir, { recursive: true, force: true });
});

test('contractlens/clean writes the cleaned copy and the report, reporting progress', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  for (const f of ['users', 'order_items']) client.openFile(join(shop.dir, `${f}.odcs.yaml`));
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  const progress: string[] = [];
  client.connection.onProgress(WorkDoneProgress.type, 'clean-1', (v) => void progress.push((v as { message?: string }).message ?? ''));
  const outDir = join(shop.dir, 'out');
  const res = await client.request<CleanResponse>('contractlens/clean', { uri, outDir, now: shop.expected.referenceTime, workDoneToken: 'clean-1' });
  const t = res.report.tables.find((x) => x.schema === 'orders')!;
  assert.equal(t.rows.read, shop.expected.rows.orders);
  assert.equal(t.rows.written + t.rows.quarantined + t.rows.deduplicated, t.rows.read);
  assert.equal(res.reportFile, join(outDir, 'clean-report.txt'));
  assert.match(res.text, /orders\.odcs\.yaml › orders/);
  assert.deepEqual(readdirSync(outDir).sort(), ['clean-report.json', 'clean-report.txt', 'orders.parquet', 'orders.quarantine.parquet']);
  await client.waitUntil(() => progress.some((m) => m.startsWith('Writing orders')), 'progress reports');

  // The same again: refused (error 3) without force, done with it.
  await assert.rejects(client.request('contractlens/clean', { uri, outDir }), (e: { code?: number; message: string }) => e.code === RequestError.Refused && /refused to overwrite/.test(e.message));
  const forced = await client.request<CleanResponse>('contractlens/clean', { uri, outDir, force: true, limit: 50 });
  assert.equal(forced.report.tables[0].rows.read, 50);
  // The server keeps serving.
  assert.ok(await client.request('contractlens/plan', { uri }).catch(() => null) !== undefined);
});

test('a cancelled clean writes nothing under a final name', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  const outDir = join(shop.dir, 'cancelled');
  const { CancellationTokenSource } = await import('vscode-jsonrpc');
  const source = new CancellationTokenSource();
  // Cancelled once the run has started reading (its first progress report).
  client.connection.onProgress(WorkDoneProgress.type, 'clean-2', () => source.cancel());
  const pending = client.connection.sendRequest('contractlens/clean', { uri, outDir, workDoneToken: 'clean-2' }, source.token);
  await assert.rejects(pending);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(existsSync(outDir) ? readdirSync(outDir) : [], []);
  // The server keeps serving.
  const again = await client.request<CleanResponse>('contractlens/clean', { uri, dryRun: true });
  assert.equal(again.report.tables[0].rows.read, shop.expected.rows.orders);
});

test('untrusted workspace: clean is refused', async () => {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  await assert.rejects(client.request('contractlens/clean', { uri, outDir: join(shop.dir, 'never') }), /not trusted/);
  assert.ok(!existsSync(join(shop.dir, 'never')));
});
