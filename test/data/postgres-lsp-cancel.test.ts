/**
 * Cancel and timeout of `contractlens/check` through the real language server over stdio, on the run's real
 * PostgreSQL: a slow contract query (a large generate_series, allowed by the sandbox) is stopped ON THE SERVER, so
 * no `contractlens` backend is still running it in pg_stat_activity afterwards, and the language server keeps
 * serving. The server logs in as a role of this test's own, so that pg_stat_activity shows its backends only (contract
 * SQL runs as a cursor: the running statement is `FETCH …`, not the query text).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { TestClient } from '../lsp/client.ts';
import { pgEnv, withPg } from '../helpers/postgres.ts';

const MARK = 2_000_000_000;
const SCHEMA = `lsp_cancel_${process.pid}`;
const ROLE = `cl_cancel_${process.pid}`;
const PASSWORD = `pw-${process.pid}-${Date.now()}`;
let dir: string;
const clients: TestClient[] = [];

const contract = (schema: string) => `apiVersion: v3.1.0
kind: DataContract
id: slow
name: Slow
version: 1.0.0
status: active
servers:
  - server: pg
    type: postgres
    host: \${CONTRACTLENS_TEST_PG_HOST}
    port: \${CONTRACTLENS_TEST_PG_PORT}
    database: \${CONTRACTLENS_TEST_PG_DATABASE}
    schema: ${schema}
schema:
  - name: orders
    physicalName: orders
    quality:
      - name: slow
        type: sql
        query: SELECT count(*) FROM generate_series(1, ${MARK})
        mustBe: 0
    properties:
      - name: order_id
        logicalType: integer
        required: true
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cl-lsp-cancel-'));
  writeFileSync(join(dir, 'slow.odcs.yaml'), contract(SCHEMA));
  await withPg(pgEnv().superUrl, (c) =>
    c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}; CREATE TABLE ${SCHEMA}.orders (order_id integer);
             INSERT INTO ${SCHEMA}.orders VALUES (1), (2); DROP ROLE IF EXISTS ${ROLE}; CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}';
             GRANT USAGE ON SCHEMA ${SCHEMA} TO ${ROLE}; GRANT SELECT ON ${SCHEMA}.orders TO ${ROLE}`),
  );
  process.env.PGUSER = ROLE;
  process.env.PGPASSWORD = PASSWORD;
});
after(async () => {
  for (const c of clients) await c.stop();
  await withPg(pgEnv().superUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP ROLE IF EXISTS ${ROLE}`));
  rmSync(dir, { recursive: true, force: true });
});

/** This test's contractlens backends running a statement now. */
const running = () =>
  withPg(pgEnv().superUrl, async (c) => Number((await c.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE usename = '${ROLE}' AND application_name = 'contractlens' AND state = 'active'`)).rows[0].n));

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Res { rule: string; status: string; message?: string }

async function start(settings: Record<string, unknown> = {}) {
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings });
  clients.push(client);
  return { client, uri: client.openFile(join(dir, 'slow.odcs.yaml')) };
}

test('cancelling a check stops the query in PostgreSQL; the server keeps serving', { timeout: 120_000 }, async () => {
  const { client, uri } = await start({ queryTimeoutMs: 600_000 });
  const source = new CancellationTokenSource();
  const check = client.connection.sendRequest('contractlens/check', { uris: [uri] }, source.token) as Promise<{ results: Res[] }>;
  const settled = check.then(
    (r) => ({ ok: true as const, r }),
    (e: Error) => ({ ok: false as const, e }),
  );
  await waitFor('the slow query to run in PostgreSQL', async () => (await running()) === 1, 60_000);
  const cancelledAt = Date.now();
  source.cancel();
  const outcome = await settled;
  assert.ok(Date.now() - cancelledAt < 15_000, 'the request ended soon after the cancel');
  if (outcome.ok) assert.match(outcome.r.results.find((x) => x.rule.endsWith('slow'))?.message ?? '', /cancelled/);
  await waitFor('no contractlens backend running the query', async () => (await running()) === 0, 5_000);
  // Still serving: a request after the cancel answers.
  const plan = await client.request<{ schemas: unknown[] }>('contractlens/plan', { uri });
  assert.equal(plan.schemas.length, 1);
});

test('the query timeout (queryTimeoutMs) stops the query in PostgreSQL, with a clear result', { timeout: 120_000 }, async () => {
  const { client, uri } = await start({ queryTimeoutMs: 4000 });
  const started = Date.now();
  let seenRunning = false;
  const watching = waitFor('the slow query to run in PostgreSQL', async () => (seenRunning = (await running()) === 1), 60_000).catch(() => undefined);
  const res = await client.request<{ results: Res[] }>('contractlens/check', { uris: [uri] });
  await watching;
  assert.ok(seenRunning, 'the query did run in PostgreSQL before the timeout');
  const slow = res.results.find((x) => x.rule.endsWith('slow'))!;
  assert.equal(slow.status, 'error');
  assert.match(slow.message ?? '', /longer than 4000 ms and was stopped/);
  assert.equal(res.results.find((x) => x.rule === 'orders.order_id.required')?.status, 'passed', 'the other rules ran');
  assert.ok(Date.now() - started < 60_000);
  assert.equal(await running(), 0, 'no contractlens backend still running it');
});
