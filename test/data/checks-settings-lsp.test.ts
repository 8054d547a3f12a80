/**
 * The DuckDB settings of the extension (`contractlens.duckdbThreads`, `contractlens.duckdbMemoryLimit`, pulled per
 * resource) reach the engine that runs `contractlens/check` and `contractlens/reconcile`, through the real language
 * server over stdio. A SQL quality rule reads DuckDB's own settings back, so the test sees what the check ran with.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver';
import { RequestError } from '../../server/src/shared/protocol.ts';
import { TestClient } from '../lsp/client.ts';
import { scratchDir } from '../helpers/paths.ts';

interface Res { rule: string; status: string; message: string }

const dir = scratchDir('cl-check-settings-');
const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

writeFileSync(join(dir, 't.csv'), 'id,a\n1,x\n2,y\n');
writeFileSync(join(dir, 'replica.csv'), 'id,a\n1,x\n2,y\n');
writeFileSync(
  join(dir, 't.odcs.yaml'),
  `apiVersion: v3.1.0
kind: DataContract
id: urn:t:settings
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./t.csv
  - server: replica
    type: local
    format: csv
    path: ./replica.csv
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
        primaryKey: true
      - name: a
        logicalType: string
    quality:
      - name: memory_limit_is_100mb
        type: sql
        query: SELECT CASE WHEN current_setting('memory_limit') = '95.3 MiB' THEN 0 ELSE 1 END
        mustBe: 0
      - name: threads_is_3
        type: sql
        query: SELECT CASE WHEN current_setting('threads') = 3 THEN 0 ELSE 1 END
        mustBe: 0
`,
);

test('contractlens/check runs with the duckdbThreads and duckdbMemoryLimit settings of the contract', async () => {
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { duckdbThreads: 3, duckdbMemoryLimit: '100MB' } });
  clients.push(client);
  const uri = client.openFile(join(dir, 't.odcs.yaml'));
  const res = await client.request<{ results: Res[] }>('contractlens/check', { uris: [uri] });
  const status = (rule: string) => res.results.find((r) => r.rule === rule);
  assert.equal(status('t.threads_is_3')?.status, 'passed', JSON.stringify(status('t.threads_is_3')));
  assert.equal(status('t.memory_limit_is_100mb')?.status, 'passed', JSON.stringify(status('t.memory_limit_is_100mb')));
});

test('contractlens/reconcile uses the same DuckDB settings: a memory limit DuckDB refuses is reported, not ignored', async () => {
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { duckdbMemoryLimit: 'plenty' } });
  clients.push(client);
  const uri = client.openFile(join(dir, 't.odcs.yaml'));
  await assert.rejects(client.request('contractlens/reconcile', { uri, schema: 't', server: 'local', against: 'replica' }));
  // The server keeps serving, and with a valid limit the copies reconcile.
  client.settings = { duckdbMemoryLimit: '200MB' };
  client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  const ok = await client.request<{ results: Res[] }>('contractlens/reconcile', { uri, schema: 't', server: 'local', against: 'replica' });
  assert.ok(ok.results.length > 0 && ok.results.every((r) => r.status === 'passed'), JSON.stringify(ok.results));
});

test('cancelling contractlens/check (the progress notification\'s Cancel) interrupts the running DuckDB query', async () => {
  const slow = join(dir, 'slow.odcs.yaml');
  writeFileSync(
    slow,
    `apiVersion: v3.1.0
kind: DataContract
id: urn:t:slow
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./t.csv
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
    quality:
      - name: slow
        type: sql
        query: SELECT count(*) FROM range(20000000000) AS r(i) WHERE i % 7 = 12
        mustBe: 0
`,
  );
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { duckdbThreads: 1, queryTimeoutMs: 120_000 } });
  clients.push(client);
  const uri = client.openFile(slow);
  const cts = new CancellationTokenSource();
  const started = Date.now();
  const answer = client.connection.sendRequest('contractlens/check', { uris: [uri] }, cts.token).then(
    (r: unknown) => ({ ok: true as const, r }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  setTimeout(() => cts.cancel(), 1000);
  const settled = await answer;
  const ms = Date.now() - started;
  assert.ok(ms < 10_000, `answered ${ms} ms after the request, the query was interrupted (${JSON.stringify(settled)})`);
  // The server keeps serving: the next check runs.
  const next = await client.request<{ results: Res[] }>('contractlens/check', { uris: [client.openFile(join(dir, 't.odcs.yaml'))] });
  assert.ok(next.results.length > 0);
});

test('contractlens/check takes its samples from the sampleCount setting (the client no longer sends them)', async () => {
  const sub = join(dir, 'samples');
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, 'v.csv'), 'id\n-1\n-2\n-3\n-4\n');
  writeFileSync(
    join(sub, 'v.odcs.yaml'),
    `apiVersion: v3.1.0
kind: DataContract
id: urn:t:samples
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./v.csv
schema:
  - name: v
    properties:
      - name: id
        logicalType: integer
        logicalTypeOptions:
          minimum: 0
`,
  );
  for (const sampleCount of [1, 3]) {
    const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { sampleCount } });
    clients.push(client);
    const res = await client.request<{ results: (Res & { samples: unknown[] })[] }>('contractlens/check', { uris: [client.openFile(join(sub, 'v.odcs.yaml'))] });
    const failed = res.results.find((r) => r.status === 'failed');
    assert.equal(failed?.samples.length, sampleCount, JSON.stringify(res.results));
  }
});

test('contractlens.dataRoot lets data outside the workspace folder be read; request errors carry distinct codes', async () => {
  const ws = join(dir, 'ws');
  const outside = join(dir, 'outside');
  mkdirSync(ws, { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'o.csv'), 'id\n1\n');
  writeFileSync(join(ws, 'o.odcs.yaml'), `apiVersion: v3.1.0\nkind: DataContract\nid: urn:t:root\nversion: 1.0.0\nstatus: active\nservers:\n  - server: local\n    type: local\n    format: csv\n    path: ../outside/o.csv\nschema:\n  - name: o\n    properties:\n      - name: id\n        logicalType: integer\n`);
  const statuses = async (settings: Record<string, unknown>) => {
    const client = await TestClient.start({ rootDir: ws, initializationOptions: { workspaceTrusted: true }, settings });
    clients.push(client);
    const res = await client.request<{ results: Res[] }>('contractlens/check', { uris: [client.openFile(join(ws, 'o.odcs.yaml'))] });
    return { client, statuses: res.results.map((r) => r.status) };
  };
  const confined = await statuses({});
  assert.ok(confined.statuses.includes('error'), `outside the workspace folder: refused (${confined.statuses})`);
  const widened = await statuses({ dataRoot: dir });
  assert.ok(widened.statuses.length > 0 && widened.statuses.every((s) => s === 'passed'), String(widened.statuses));

  const { client } = widened;
  const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: number }) => e.code);
  assert.equal(await codeOf(client.request('contractlens/check', { uris: [client.openFile(join(ws, 'o.odcs.yaml'))], now: 'yesterday' })), RequestError.InvalidParams);
  assert.equal(await codeOf(client.request('contractlens/preview', { uri: 'file:///nowhere/x.odcs.yaml' })), RequestError.NotAContract);
  assert.equal(await codeOf(client.request('contractlens/preview', { uri: client.openFile(join(ws, 'o.odcs.yaml')), schema: 'nope' })), RequestError.NoSuchSchema);
});
