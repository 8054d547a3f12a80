/**
 * The language server parses contract SQL with DuckDB's parser in a helper process (lsp/sqlParserProcess.ts), so
 * that DuckDB is not loaded into the server just for diagnostics. Through the real built server: CL123 is reported,
 * the server itself never maps libduckdb while the helper does, a killed helper is restarted by the next parse, and
 * an idle helper exits.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { positionOf, TestClient } from './client.ts';

const SHOP = join(ROOT, 'test', 'fixtures', 'lsp', 'shop');
const IDLE_MS = 1500;
const previousIdle = process.env.CONTRACTLENS_SQL_PARSER_IDLE_MS;
process.env.CONTRACTLENS_SQL_PARSER_IDLE_MS = String(IDLE_MS);
after(() => {
  if (previousIdle === undefined) delete process.env.CONTRACTLENS_SQL_PARSER_IDLE_MS;
  else process.env.CONTRACTLENS_SQL_PARSER_IDLE_MS = previousIdle;
});

function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function mapsDuckDB(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libduckdb');
  } catch {
    return false;
  }
}

const sqlCodes = (d: Diagnostic[]) => d.filter((x) => x.code === 'CL123' || x.code === 'CL126').map((x) => `${x.code}@${x.range.start.line}`);

test('contract SQL is parsed by DuckDB in a helper process that restarts after a crash and exits when idle', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, async () => {
  // The shop's orders contract in a folder without its data: drift has nothing to read, so nothing else loads DuckDB.
  const dir = scratchDir('cl-lsp-sqlhelper-');
  const text = readFileSync(join(SHOP, 'orders.odcs.yaml'), 'utf8').replace(
    '        description: City the order ships to.\n',
    '        description: City the order ships to.\n        quality:\n          - type: sql\n            query: SELEC count(*) FROM ${table}\n            mustBe: 0\n',
  );
  const path = join(dir, 'orders.odcs.yaml');
  writeFileSync(path, text);
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  const server = client.child.pid!;
  try {
    const uri = client.openFile(path);
    const first = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL123'), 30_000);
    const line = positionOf(text, 'SELEC count').line;
    assert.deepEqual(sqlCodes(first), [`CL123@${line}`]);
    const helpers = childrenOf(server);
    assert.equal(helpers.length, 1, 'one helper process');
    assert.ok(mapsDuckDB(helpers[0]), 'the helper has DuckDB loaded');
    assert.ok(!mapsDuckDB(server), 'the server itself never loaded DuckDB');

    // The helper dies: the next query the server has not seen yet starts a new one, with the same verdicts.
    process.kill(helpers[0], 'SIGKILL');
    await client.waitUntil(() => !childrenOf(server).includes(helpers[0]), 'the killed helper is gone');
    const at = positionOf(text, 'SELEC count');
    client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 'SELEC'.length } }, text: 'SELECT' }]);
    client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 'SELECT'.length } }, text: 'DELETE FROM x WHERE true; SELECT' }]);
    const second = await client.waitForDiagnostics(uri, (d, p) => p.version === 3 && d.some((x) => x.code === 'CL126'), 30_000);
    assert.deepEqual(sqlCodes(second), [`CL126@${line}`]);
    assert.ok(!mapsDuckDB(server), 'still not in the server');

    // Idle: the helper exits on its own.
    await client.waitUntil(() => childrenOf(server).length === 0, 'the idle helper exits', IDLE_MS + 10_000);
  } finally {
    await client.stop();
  }
});

test('drift of a contract whose data is on a database server does not load DuckDB into the server', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, async () => {
  // Nothing listens on port 1: drift tries the server, reports the failed connection, and needed DuckDB for nothing.
  // Before, opening the data session loaded DuckDB first (~35 MB the process never gives back).
  const dir = scratchDir('cl-lsp-pg-noduck-');
  const text = readFileSync(join(SHOP, 'orders.odcs.yaml'), 'utf8').replace(
    'status: active\n',
    'status: active\nservers:\n  - server: pg\n    type: postgres\n    host: 127.0.0.1\n    port: 1\n    database: shop\n    schema: public\n',
  );
  const path = join(dir, 'orders.odcs.yaml');
  writeFileSync(path, text);
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  try {
    const uri = client.openFile(path);
    const ds = await client.waitForDiagnostics(uri, (d) => d.some((x) => /127\.0\.0\.1|connect/i.test(JSON.stringify(x.message))), 30_000);
    assert.ok(ds.length > 0);
    assert.ok(!mapsDuckDB(client.child.pid!), 'the server did not load DuckDB');
  } finally {
    await client.stop();
  }
});
