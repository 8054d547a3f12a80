/** `contractlens/createContract` through the real language server: infer, write beside the data, never overwrite. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { scratchDir } from '../helpers/paths.ts';
import { TestClient } from '../lsp/client.ts';

const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

test('createContract writes <name>.odcs.yaml beside the data, then returns text instead of overwriting', async () => {
  const dir = scratchDir('cl-lsp-init-');
  const rows = ['sku,price,category'];
  for (let i = 1; i <= 30; i++) rows.push(`SKU-${i},${i * 2}.5,${['toys', 'books'][i % 2]}`);
  writeFileSync(join(dir, 'products.csv'), rows.join('\n') + '\n');
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const data = pathToFileURL(join(dir, 'products.csv')).toString();
  const res = await client.request<{ uri?: string; text: string }>('contractlens/createContract', { uri: data });
  assert.ok(res.uri, 'written');
  const written = readFileSync(fileURLToPath(res.uri), 'utf8');
  assert.equal(written, res.text);
  const c = parse(written);
  assert.equal(c.schema[0].name, 'products');
  assert.deepEqual(c.servers[0], { server: 'local', type: 'local', format: 'csv', path: './products.csv' });
  assert.deepEqual(c.schema[0].properties.find((p: { name: string }) => p.name === 'category').quality[0].arguments.validValues, ['books', 'toys']);

  writeFileSync(fileURLToPath(res.uri), 'mine\n');
  const again = await client.request<{ uri?: string; text: string }>('contractlens/createContract', { uri: data });
  assert.equal(again.uri, undefined);
  assert.match(again.text, /^apiVersion: v3\.1\.0/);
  assert.equal(readFileSync(fileURLToPath(res.uri), 'utf8'), 'mine\n', 'never overwritten');

  const untrusted = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: false } });
  clients.push(untrusted);
  await assert.rejects(untrusted.request('contractlens/createContract', { uri: data }), /untrusted/);
});
