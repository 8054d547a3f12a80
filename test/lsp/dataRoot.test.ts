/**
 * The folder data must stay inside is the workspace folder holding the contract, as the folders are NOW: one lookup
 * owned by the workspace state, updated by workspace/didChangeWorkspaceFolders. (Drift used to read the folders once
 * and keep them forever, so a folder added later never widened what drift may read.)
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { scratchDir } from '../helpers/paths.ts';
import { TestClient } from './client.ts';

const dir = scratchDir('cl-data-root-');
const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('adding the workspace folder that holds the data lets drift read it; removing it refuses again', async () => {
  const ws = join(dir, 'ws');
  const other = join(dir, 'other');
  mkdirSync(join(ws, 'contracts'), { recursive: true });
  mkdirSync(other, { recursive: true });
  writeFileSync(join(ws, 'orders.csv'), 'id,total\n1,9.5\n');
  const contract = join(ws, 'contracts', 'orders.odcs.yaml');
  writeFileSync(
    contract,
    `apiVersion: v3.1.0\nkind: DataContract\nid: urn:t:root\nversion: 1.0.0\nstatus: active\nservers:\n  - server: local\n    type: local\n    format: csv\n    path: ../orders.csv\nschema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: integer\n      - name: total\n        logicalType: number\n`,
  );
  const client = await TestClient.start({ rootDir: other, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const uri = client.openFile(contract);
  const codes = (d: { code?: unknown }[]) => d.map((x) => String(x.code));
  // Outside every workspace folder, the contract's own folder is the root: ../orders.csv is refused.
  await client.waitForDiagnostics(uri, (d) => codes(d).includes('CL210'), 30_000);

  const folder = { uri: pathToFileURL(ws).toString(), name: 'ws' };
  client.notifyServer('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
  const widened = await client.waitForDiagnostics(uri, (d) => !codes(d).includes('CL210'), 30_000);
  assert.deepEqual(codes(widened).filter((c) => c.startsWith('CL2')), [], JSON.stringify(widened));

  client.notifyServer('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
  // Removal re-checks the documents that depended on the folder; the refusal comes back with the next check.
  client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  await client.waitForDiagnostics(uri, (d) => codes(d).includes('CL210'), 30_000);
});
