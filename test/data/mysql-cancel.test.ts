/**
 * A timed-out or cancelled query on MySQL/MariaDB stops ON THE SERVER (KILL QUERY from a second connection), not
 * just in the client: on the run's real MariaDB, a deliberately slow contract query is seen in
 * information_schema.PROCESSLIST while it runs and is gone right after the CLI's timeout, and after the language
 * server's check is cancelled (with a server-side statement timeout far away, so only KILL QUERY can have stopped it).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import mysql from 'mysql2/promise';
import { createTable, MYSQL_ADMIN_URL, mysqlReaderEnv, mysqlServerYaml, withAdmin } from '../helpers/mysqlLoad.ts';
import { scratchDir } from '../helpers/paths.ts';
import { TestClient } from '../lsp/client.ts';

const TABLE = 'cl_slow';
// 3000³ row combinations: minutes of work for the server, whatever the machine.
const SLOW_SQL = `SELECT count(*) FROM ${TABLE} a, ${TABLE} b, ${TABLE} c WHERE a.x + b.x + c.x < 0`;
let dir: string;
/** One admin connection watches the processlist (a new connection per poll is slow on a loaded machine). */
let watcher: mysql.Connection;

before(async () => {
  ensureBuilt();
  dir = scratchDir('cl-mysql-cancel-');
  await withAdmin((c) => createTable(c, TABLE, [{ name: 'x', type: 'INT' }], Array.from({ length: 3000 }, (_, i) => [i])));
  writeFileSync(join(dir, 'slow.odcs.yaml'), `apiVersion: v3.1.0
kind: DataContract
id: urn:test:slow
version: 1.0.0
status: active
servers:
${mysqlServerYaml('slow')}schema:
  - name: ${TABLE}
    properties:
      - { name: x, logicalType: integer }
    quality:
      - name: slow
        type: sql
        query: ${SLOW_SQL}
        mustBe: 0
`);
  Object.assign(process.env, mysqlReaderEnv());
  watcher = await mysql.createConnection({ uri: MYSQL_ADMIN_URL() });
});
after(async () => {
  // Whatever happened, leave nothing running on the shared server.
  for (const p of await running().catch(() => [])) await watcher.query(`KILL QUERY ${Number(p.id)}`).catch(() => undefined);
  await watcher?.end();
  rmSync(dir, { recursive: true, force: true });
});

/** The slow statement's rows in the processlist (other than this query's own connection). */
async function running(): Promise<{ id: number; command: string; state: string }[]> {
  const [rows] = await watcher.query(`SELECT ID AS id, COMMAND AS command, STATE AS state FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()`, [`%${TABLE} a, ${TABLE} b%`]);
  return rows as { id: number; command: string; state: string }[];
}

/** Polls until the slow statement is on the server (true) or `ms` pass (false). */
async function seenRunning(ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if ((await running()).length) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Polls until the slow statement has left the processlist; returns how long that took (ms), or -1. */
async function goneWithin(ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (!(await running()).length) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return -1;
}

test('CLI --timeout: the rule reports the timeout and the statement is gone from the server', async () => {
  const cli = runCli(['check', 'slow.odcs.yaml', '--timeout', '4000', '--format', 'json'], { cwd: dir, env: mysqlReaderEnv(), timeoutMs: 120_000 });
  // Opening the session can take seconds on a loaded machine; the statement then runs for 4 s.
  assert.ok(await seenRunning(90_000), 'the slow statement ran on the server');
  const r = await cli;
  const slow = (JSON.parse(r.stdout).results as { rule: string; status: string; message: string }[]).find((x) => x.rule === `${TABLE}.slow`);
  assert.equal(slow?.status, 'error', JSON.stringify(slow));
  assert.match(slow!.message, /longer than 4000 ms/);
  const gone = await goneWithin(3000);
  assert.ok(gone >= 0, `still in the processlist after the CLI ended: ${JSON.stringify(await running())}`);
});

test('LSP contractlens/check cancelled: KILL QUERY stops the statement (server timeout 120 s away)', async () => {
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { queryTimeoutMs: 120_000 } });
  try {
    const uri = client.openFile(join(dir, 'slow.odcs.yaml'));
    const cts = new CancellationTokenSource();
    const answer = client.connection.sendRequest('contractlens/check', { uris: [uri] }, cts.token).then(
      () => 'answered',
      () => 'rejected',
    );
    assert.ok(await seenRunning(90_000), 'the slow statement ran on the server');
    const cancelledAt = Date.now();
    cts.cancel();
    const gone = await goneWithin(5000);
    assert.ok(gone >= 0, `still in the processlist 5 s after the cancel: ${JSON.stringify(await running())}`);
    await answer;
    assert.ok(Date.now() - cancelledAt < 10_000, 'the request settled soon after the cancel');
  } finally {
    await client.stop();
  }
});
