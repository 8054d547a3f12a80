/**
 * Drift in the language server, over stdio against the built server: a diagnostic on the property line whose column
 * the data lacks, the quick fix that adds a property for an extra column (applied, the diagnostic goes away), a
 * data file changing on disk refreshes drift, the preview request, and the untrusted mode (one CL200, no data read).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { contractYaml, newWorkspace, write } from '../data/dataFixtures.ts';
import { positionOf, TestClient } from './client.ts';

const PROPS = '      - name: order_id\n        logicalType: integer\n        required: true\n      - name: status\n        logicalType: string\n        enum:\n          - value: new\n          - value: paid\n      - name: coupon\n        logicalType: string\n';

function workspace(csv: string): { dir: string; path: string; text: string } {
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', csv);
  // v3.2.0 for `enum`; lint-clean, so every diagnostic the test sees comes from drift.
  const text = contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n    format: csv\n', schemas: [{ name: 'orders', props: PROPS }] }).replace('apiVersion: v3.1.0', 'apiVersion: v3.2.0');
  const path = write(dir, 'orders.odcs.yaml', text);
  return { dir, path, text };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const offset = (p: { line: number; character: number }) => {
    const lines = text.split('\n');
    return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

test('drift diagnostic on the line of the property whose column the data lacks; quick fix adds the extra column', async () => {
  const { dir, path, text } = workspace('order_id,status,channel\n1,new,web\n');
  // The extension's default settings (empty strings mean "not set").
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { drift: true, server: '', duckdbMemoryLimit: '', allowedDataPaths: [], queryTimeoutMs: 30000, duckdbThreads: 1 } });
  clients.push(client);
  const uri = client.openFile(path);
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL201') && d.some((x) => x.code === 'CL202'));
  assert.deepEqual(codes(diags), ['CL201', 'CL202']);
  const missing = diags.find((d) => d.code === 'CL201')!;
  assert.deepEqual(missing.range.start, positionOf(text, 'coupon'));
  assert.equal(missing.severity, 1);
  assert.match(String(missing.message), /Column "coupon" is declared in the contract but missing from the data \(orders\.csv\)/);
  assert.match(String(missing.codeDescription?.href), /CL201-column-missing\.md$/);
  const extra = diags.find((d) => d.code === 'CL202')!;
  assert.deepEqual(extra.range.start, positionOf(text, 'orders', 0, text.indexOf('- name: orders')));

  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: extra.range, context: { diagnostics: [extra] } });
  const add = actions.find((a) => a.title.startsWith('Add property "channel"'));
  assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
  const fixed = applyEdits(text, add.edit!.changes![uri]);
  assert.match(fixed, /      - name: channel\n        logicalType: string\n        physicalType: VARCHAR\n/);
  client.change(uri, [{ text: fixed }]);
  const after1 = await client.waitForDiagnostics(uri, (d, p) => p.version === 2 && !d.some((x) => x.code === 'CL202') && d.some((x) => x.code === 'CL201'));
  assert.deepEqual(codes(after1), ['CL201']);

  // The data file gains the missing column on disk: the watcher refreshes drift, the diagnostic goes away.
  writeFileSync(join(dir, 'data/orders.csv'), 'order_id,status,channel,coupon\n1,new,web,X\n');
  void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'data/orders.csv')).toString(), type: 2 }] });
  assert.deepEqual(await client.waitForDiagnostics(uri, (d) => !d.some((x) => String(x.code).startsWith('CL2'))), []);
  assert.ok(client.registrations.some((r) => JSON.stringify(r.registerOptions ?? {}).includes('parquet')), 'data files are watched');
});

test('a data file that does not exist is a warning (CL211) on the server path saying what to do, not an error', async () => {
  const { dir, path, text } = workspace('order_id,status,coupon\n1,new,X\n');
  const moved = text.replace('path: data/orders.csv', 'path: data/not-generated-yet.csv');
  writeFileSync(path, moved);
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { drift: true } });
  clients.push(client);
  const uri = client.openFile(path);
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL211'));
  assert.deepEqual(codes(diags), ['CL211']);
  const w = diags[0];
  assert.equal(w.severity, 2, 'a warning, not an error');
  assert.deepEqual(w.range.start, positionOf(moved, 'data/not-generated-yet.csv'));
  assert.match(String(w.message), /does not exist/);
  assert.match(String(w.message), /Generate the data, point the server's path elsewhere, or turn data checks off for this contract/);
  assert.match(String(w.codeDescription?.href), /CL211-data-not-found\.md$/);
});

test('contractlens/preview returns rows with broken cells and the rule positions', async () => {
  const { dir, path, text } = workspace('order_id,status,coupon\n1,new,a\n,lost,b\n');
  const client = await TestClient.start({ rootDir: dir });
  clients.push(client);
  const uri = client.openFile(path);
  const result = await client.request<{ rows: { values: unknown[]; broken?: Record<string, number[]> }[]; rules: { id: number; rule: string; range?: { start: { line: number } } }[]; columns: { name: string }[] }>('contractlens/preview', { uri, limit: 10 });
  assert.deepEqual(result.columns.map((c) => c.name), ['order_id', 'status', 'coupon']);
  assert.equal(result.rows.length, 2);
  assert.equal(result.rows[0].broken, undefined);
  const broken = Object.entries(result.rows[1].broken!).map(([col, ids]) => `${result.columns[Number(col)].name}:${ids.map((i) => result.rules[i].rule).join('+')}`);
  assert.deepEqual(broken.sort(), ['order_id:required', 'status:enum']);
  const enumRule = result.rules.find((r) => r.rule === 'enum')!;
  assert.equal(enumRule.range!.start.line, positionOf(text, 'enum:').line);
  const byPosition = await client.request<{ schemaName: string }>('contractlens/preview', { uri, position: positionOf(text, 'coupon') });
  assert.equal(byPosition.schemaName, 'orders');

  // contractlens/drift: the report the editor shows for "Check Drift".
  const report = await client.request<{ markdown: string; findings: unknown[] }>('contractlens/drift', { uri });
  assert.deepEqual(report.findings, []);
  assert.match(report.markdown, /## orders — orders\.csv \(server local\)/);
  assert.match(report.markdown, /\| status \| VARCHAR \| status \| string \|/);
  assert.match(report.markdown, /\*\*No drift\*\*/);
});

test('untrusted workspace: a single CL200 info diagnostic, no drift, preview refused', async () => {
  const { dir, path } = workspace('order_id,status\n1,new\n');
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(path);
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL200'));
  const data = diags.filter((d) => String(d.code).startsWith('CL2'));
  assert.equal(data.length, 1);
  assert.deepEqual(codes(diags), ['CL200'], 'the data lacks `coupon`, but no drift is computed');
  assert.equal(data[0].severity, 3, 'information');
  assert.match(String(data[0].message), /Data checks are off/);
  await assert.rejects(client.request('contractlens/preview', { uri }), /not trusted/);
  // A contract without servers has no data to check: no CL200 there (a clean file stays clean).
  const bare = write(dir, 'bare.odcs.yaml', 'apiVersion: v3.1.0\nkind: DataContract\nid: bare\nversion: 1.0.0\nstatus: active\n');
  const bareUri = client.openFile(bare);
  // Lint publishes first, then again with the providers' findings merged: wait for that second publish.
  await client.waitUntil(() => (client.publishCount.get(bareUri) ?? 0) >= 2, 'the publish after the providers ran');
  assert.deepEqual(client.diagnostics.get(bareUri)!.diagnostics, []);

  // Trust granted at run time: drift appears (the data lacks `coupon`).
  client.notifyServer('contractlens/didChangeWorkspaceTrust', { trusted: true });
  await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL201') && !d.some((x) => x.code === 'CL200'));
  assert.equal(readFileSync(join(dir, 'data/orders.csv'), 'utf8'), 'order_id,status\n1,new\n');
});
