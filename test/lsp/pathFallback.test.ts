/**
 * The working-folder fallback of a relative data path, in the editor (issue 8 item 9): a contract written for
 * datacontract-cli names its data from the workspace folder; the real language server reads it from there and says so
 * with CL212 (information) on the `path` value, and says nothing when the path is written from the contract's folder.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scratchDir } from '../helpers/paths.ts';
import { positionOf, TestClient } from './client.ts';

const dir = scratchDir('cl-path-fallback-');
const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

const contract = (path: string) =>
  `apiVersion: v3.1.0\nkind: DataContract\nid: urn:t:fallback\nversion: 1.0.0\nstatus: active\nservers:\n  - server: local\n    type: local\n    format: csv\n    path: ${path}\nschema:\n  - name: trips\n    properties:\n      - name: trip_id\n        logicalType: integer\n`;

test('CL212 (information) on the path value when the data is found from the workspace folder only', async () => {
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'data', 'trips.csv'), 'trip_id\n1\n2\n');
  const fromCwd = join(dir, 'contracts', 'trips.odcs.yaml');
  const beside = join(dir, 'contracts', 'beside.odcs.yaml');
  writeFileSync(fromCwd, contract('data/trips.csv'));
  // Beside: the path is written from the contract's folder; a declared column the data lacks (CL201) shows that drift ran.
  writeFileSync(beside, contract('../data/trips.csv') + '      - name: fare\n        logicalType: number\n');
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const uri = client.openFile(fromCwd);
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL212'), 60_000);
  const d = diags.find((x) => x.code === 'CL212')!;
  assert.equal(d.severity, 3, 'information');
  const text = readFileSync(fromCwd, 'utf8');
  assert.deepEqual(d.range.start, positionOf(text, 'data/trips.csv'));
  assert.deepEqual(d.range.end, positionOf(text, 'data/trips.csv', 'data/trips.csv'.length));
  assert.match(String(d.message), /path data\/trips\.csv finds nothing beside the contract .* read relative to the working folder/);
  assert.ok(!diags.some((x) => String(x.code).startsWith('CL21') && x.code !== 'CL212'), `the data was read: ${JSON.stringify(diags)}`);
  assert.match(String((d as { codeDescription?: { href?: string } }).codeDescription?.href ?? ''), /CL212-data-path-from-working-folder/);

  const other = client.openFile(beside);
  const quiet = await client.waitForDiagnostics(other, (x) => x.some((y) => y.code === 'CL201'), 60_000);
  assert.ok(!quiet.some((x) => String(x.code).startsWith('CL21')), JSON.stringify(quiet));
});
