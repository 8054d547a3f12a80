/**
 * contractlens/history over the real language server: two `check --history` runs of the real CLI (the data changed
 * in between) come back as the rule's trend with its sparkline and change; an untrusted workspace is refused; a
 * contract without history gets no trends.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HistoryRequest, RequestError } from '../../server/src/shared/protocol.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { TestClient } from '../lsp/client.ts';
import { scratchDir } from '../helpers/paths.ts';

let dir: string;
const clients: TestClient[] = [];

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: urn:t:hist
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
        required: true
`;

before(async () => {
  ensureBuilt();
  dir = scratchDir('cl-hist-lsp-');
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'contracts'));
  writeFileSync(join(dir, 'contracts', 't.odcs.yaml'), CONTRACT);
  writeFileSync(join(dir, 'contracts', 'none.odcs.yaml'), CONTRACT.replace('urn:t:hist', 'urn:t:none'));
  writeFileSync(join(dir, '.contractlens.yaml'), 'history: true\n');
  for (const nulls of [1, 3]) {
    writeFileSync(join(dir, 'contracts', 't.csv'), `id\n${'\n'.repeat(nulls)}5\n6\n`);
    const r = await runCli(['check', 'contracts/t.odcs.yaml'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.status, 1, r.stderr);
  }
});
after(async () => {
  for (const c of clients) await c.stop();
});

test('contractlens/history: the trend of each rule, its sparkline and the change since the previous run', async () => {
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const uri = client.openFile(join(dir, 'contracts', 't.odcs.yaml'));
  const res = await client.connection.sendRequest(HistoryRequest, { uri });
  assert.equal(res.history, join(dir, '.contractlens', 'history.duckdb'));
  const required = res.trends.find((t) => t.rule === 't.id.required')!;
  assert.deepEqual(required.points.map((p) => [p.status, p.failedRows]), [['failed', 1], ['failed', 3]]);
  assert.equal(required.change, 2);
  assert.equal(required.changeText, '+2 since the previous run');
  assert.equal(required.sparkline, '▁█');
  const one = await client.connection.sendRequest(HistoryRequest, { uri, rule: 't.id.required', lastRuns: 1 });
  assert.deepEqual(one.trends.map((t) => [t.rule, t.points.length, t.changeText]), [['t.id.required', 1, 'first recorded run']]);
  const none = await client.connection.sendRequest(HistoryRequest, { uri: client.openFile(join(dir, 'contracts', 'none.odcs.yaml')) });
  assert.deepEqual(none.trends, []);
  await assert.rejects(client.connection.sendRequest(HistoryRequest, { uri, lastRuns: 0 }), (e: { code: number }) => e.code === RequestError.InvalidParams);
  // The hover of the property shows the same trend under its usual contents.
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 14, character: 17 } })) as { contents: { value: string } };
  assert.match(hover.contents.value, /\*\*Recorded runs\*\*/);
  assert.match(hover.contents.value, /`t\.id\.required` `▁█` 3 \(failed\), \+2 since the previous run/);
});

test('contractlens/history in an untrusted workspace is refused (no DuckDB file is opened)', async () => {
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: false } });
  clients.push(client);
  const uri = client.openFile(join(dir, 'contracts', 't.odcs.yaml'));
  await assert.rejects(client.connection.sendRequest(HistoryRequest, { uri }), (e: { code: number }) => e.code === RequestError.Untrusted);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 14, character: 17 } })) as { contents: { value: string } } | null;
  assert.doesNotMatch(hover?.contents.value ?? '', /Recorded runs/);
});

/** The columns of a store written before contract ids were recorded (the second version of the format). */
const OLD_STORE = `CREATE TABLE results (run_id VARCHAR NOT NULL, run_time TIMESTAMP NOT NULL, git_commit VARCHAR, tool VARCHAR NOT NULL,
  contract VARCHAR NOT NULL, schema_name VARCHAR NOT NULL, property VARCHAR, rule VARCHAR NOT NULL, kind VARCHAR NOT NULL, dimension VARCHAR,
  server VARCHAR, status VARCHAR NOT NULL, severity VARCHAR, failed_rows BIGINT, total_rows BIGINT, observed DOUBLE, threshold VARCHAR,
  duration_ms DOUBLE, ordinal INTEGER NOT NULL)`;

test('records are matched by the contract id (a moved file keeps its trend), older records by their exact path', async () => {
  const root = scratchDir('cl-hist-id-');
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'contracts'));
  mkdirSync(join(root, 'elsewhere', 'contracts'), { recursive: true });
  mkdirSync(join(root, '.contractlens'));
  writeFileSync(join(root, '.contractlens.yaml'), 'history: true\n');
  writeFileSync(join(root, 'contracts', 't.odcs.yaml'), CONTRACT);
  // Same file name and a path ending like it, but another contract: the old suffix matching took its records.
  writeFileSync(join(root, 'elsewhere', 'contracts', 't.odcs.yaml'), CONTRACT.replace('urn:t:hist', 'urn:t:other'));
  // A store of the older format: two runs recorded as "contracts/t.odcs.yaml" from the project root, without ids.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(join(root, '.contractlens', 'history.duckdb'));
  const conn = await db.connect();
  await conn.run(OLD_STORE);
  for (const [i, failed] of [[1, 7], [2, 4]]) {
    await conn.run(`INSERT INTO results VALUES ('old-${i}', TIMESTAMP '2026-01-0${i} 00:00:00', NULL, 'check', 'contracts/t.odcs.yaml', 't', 'id', 't.id.required', 'required', 'completeness', 'local', 'failed', 'error', ${failed}, 10, NULL, NULL, 5, 0)`);
  }
  conn.closeSync();
  db.closeSync();
  // A run of today's CLI appends to it (adding the new columns) with the contract's id.
  writeFileSync(join(root, 'contracts', 't.csv'), 'id\n\n5\n6\n');
  const run = await runCli(['check', 'contracts/t.odcs.yaml', '--only', 'required'], { cwd: root, timeoutMs: 60_000 });
  assert.equal(run.status, 1, run.stderr);

  const client = await TestClient.start({ rootDir: root, initializationOptions: { workspaceTrusted: true } });
  clients.push(client);
  const trendOf = async (path: string) => (await client.connection.sendRequest(HistoryRequest, { uri: client.openFile(path), rule: 't.id.required' })).trends;
  const here = await trendOf(join(root, 'contracts', 't.odcs.yaml'));
  assert.deepEqual(here.map((t) => t.points.map((p) => p.failedRows)), [[7, 4, 1]], 'old records (by path) and the new one (by id) form one trend');
  assert.equal(here[0].changeText, '-3 since the previous run');
  assert.deepEqual(await trendOf(join(root, 'elsewhere', 'contracts', 't.odcs.yaml')), [], 'a path that merely ends the same is not the contract');

  // The file moves: the run recorded with its id still belongs to it; the old path-only records stay with the old path.
  mkdirSync(join(root, 'moved'));
  writeFileSync(join(root, 'moved', 'renamed.odcs.yaml'), CONTRACT);
  const moved = await trendOf(join(root, 'moved', 'renamed.odcs.yaml'));
  assert.deepEqual(moved.map((t) => t.points.map((p) => p.failedRows)), [[1]]);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: client.openFile(join(root, 'moved', 'renamed.odcs.yaml')) }, position: { line: 14, character: 17 } })) as { contents: { value: string } };
  assert.match(hover.contents.value, /`t\.id\.required` `▄` 1 \(failed\), first recorded run/);
});
