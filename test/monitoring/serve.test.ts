/**
 * `contractlens serve` scheduling, as a real process over real files: a contract whose SQL rule runs for minutes
 * does not delay a fast contract or a broken one; a run never overlaps itself; SIGTERM interrupts the running
 * DuckDB query and exits 0 within seconds; /healthz, /api/results (no sample rows) and bad options.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { scratchDir } from '../helpers/paths.ts';
import { freePort, startServe, type ServeProcess } from './serveProcess.ts';

let dir: string;
let serve: ServeProcess | undefined;

const contract = (name: string, path: string, extra = '') => `apiVersion: v3.1.0
kind: DataContract
id: urn:t:${name}
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ${path}
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
        required: true
      - name: email
        logicalType: string
        classification: pii
${extra}`;

before(() => {
  ensureBuilt();
  dir = scratchDir('cl-serve-');
  writeFileSync(join(dir, 't.csv'), 'id,email\n1,a@example.com\n2,b@example.com\n,c@example.com\n');
  writeFileSync(join(dir, 'fast.odcs.yaml'), contract('fast', './t.csv'));
  writeFileSync(join(dir, 'broken.odcs.yaml'), contract('broken', './missing.csv'));
  writeFileSync(join(dir, 'slow.odcs.yaml'), contract('slow', './t.csv', `    quality:
      - name: slow
        type: sql
        query: SELECT count(*) FROM range(20000000000) AS r(i) WHERE i % 7 = 12
        mustBe: 0
`));
});
after(async () => {
  await serve?.stop();
});

test('a slow and a broken source do not hold up the others; no overlap; SIGTERM cancels the slow query and exits 0', async () => {
  const port = await freePort();
  serve = startServe(['fast.odcs.yaml', 'broken.odcs.yaml', 'slow.odcs.yaml', '--every', '1s', '--listen', `127.0.0.1:${port}`, '--history', join(dir, 'h.duckdb')], dir);
  await serve.waitForLog(/fast\.odcs\.yaml \[local\] run 3:/);
  const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string; runs: Record<string, number> };
  assert.equal(health.status, 'ok');
  assert.ok(health.runs['fast.odcs.yaml'] >= 3);
  assert.ok(health.runs['broken.odcs.yaml'] >= 1, 'the broken source keeps its own schedule');
  assert.equal(health.runs['slow.odcs.yaml'], 0, 'the slow run is still in its first query');
  assert.match(serve.log(), /broken\.odcs\.yaml \[local\] run 1: \d+ rules, 0 failed, [1-9]\d* errors, error/);
  assert.doesNotMatch(serve.log(), /slow\.odcs\.yaml \[local\] run/);

  const api = (await (await fetch(`http://127.0.0.1:${port}/api/results`)).json()) as { contracts: { contract: string; results: Record<string, unknown>[] }[] };
  const fast = api.contracts.find((c) => c.contract === 'fast.odcs.yaml')!;
  const required = fast.results.find((r) => r.rule === 't.id.required')!;
  assert.equal(required.failedRows, 1);
  assert.ok(fast.results.every((r) => !('samples' in r)));
  assert.doesNotMatch(JSON.stringify(api), /example\.com/);
  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  assert.match(await metrics.text(), /contractlens_rule_failed_rows\{contract="fast\.odcs\.yaml",schema="t",property="id",rule="t\.id\.required",kind="required",dimension="completeness",server="local"\} 1/);
  assert.equal((await fetch(`http://127.0.0.1:${port}/nothing`)).status, 404);
  assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status, 405);

  // Each fast run starts after the previous one ended: run numbers in the log are consecutive, never interleaved.
  const runs = [...serve.log().matchAll(/fast\.odcs\.yaml \[local\] run (\d+):/g)].map((m) => Number(m[1]));
  assert.deepEqual(runs, runs.map((_, i) => i + 1));

  const stopped = await serve.stop();
  const log = serve.log();
  serve = undefined;
  assert.equal(stopped.code, 0, log);
  assert.ok(stopped.ms < 15_000, `stopped in ${stopped.ms} ms`);
  assert.match(log, /slow\.odcs\.yaml: run \S+ cancelled \(shutting down\)/);
  assert.match(log, /contractlens serve: stopped\n$/);
});

test('serve: bad options are usage errors; a port in use is reported', async () => {
  const every = await runCli(['serve', 'fast.odcs.yaml', '--every', 'often'], { cwd: dir });
  assert.equal(every.status, 2);
  assert.match(every.stderr, /--every expects a duration/);
  const listen = await runCli(['serve', 'fast.odcs.yaml', '--listen', 'nowhere'], { cwd: dir });
  assert.equal(listen.status, 2);
  assert.match(listen.stderr, /--listen expects HOST:PORT/);
  const port = await freePort();
  const first = startServe(['fast.odcs.yaml', '--listen', `127.0.0.1:${port}`, '--history', join(dir, 'h2.duckdb')], dir);
  try {
    await first.waitForLog(/fast\.odcs\.yaml \[local\] run 1:/);
    const second = await runCli(['serve', 'fast.odcs.yaml', '--listen', `127.0.0.1:${port}`], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(second.status, 2);
    assert.match(second.stderr, /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  } finally {
    assert.equal((await first.stop()).code, 0);
  }
});

test('serve: a declared reconciliation that cannot run as written is a usage error naming the entry', async () => {
  const sub = scratchDir('cl-serve-cfg-');
  writeFileSync(join(sub, 't.csv'), 'id,email\n1,a@example.com\n');
  writeFileSync(join(sub, 'fast.odcs.yaml'), contract('fast', './t.csv'));
  const cases: [string, RegExp][] = [
    ['reconcile: {contract: fast.odcs.yaml}\n', /"reconcile" must be a list/],
    ['reconcile:\n  - contract: fast.odcs.yaml\n', /reconcile\[0\]: "against" is required/],
    ['reconcile:\n  - contract: fast.odcs.yaml\n    against: local\n    colour: red\n', /reconcile\[0\]: unknown key "colour"/],
    ['reconcile:\n  - contract: fast.odcs.yaml\n    against: replica\n', /reconcile\[0\]: no server named "replica" in fast\.odcs\.yaml/],
    ['reconcile:\n  - contract: other.odcs.yaml\n    against: local\n', /reconcile\[0\]: .*other\.odcs\.yaml is not one of the contracts served/],
    ['reconcile:\n  - contract: fast.odcs.yaml\n    schema: nope\n    against: local\n', /reconcile\[0\]: no schema object named "nope"/],
    ['reconcile:\n  - contract: fast.odcs.yaml\n    against: local\n    every: often\n', /reconcile\[0\]: "every" expects a duration/],
  ];
  for (const [config, expected] of cases) {
    writeFileSync(join(sub, '.contractlens.yaml'), config);
    const r = await runCli(['serve', 'fast.odcs.yaml', '--listen', '127.0.0.1:0'], { cwd: sub, timeoutMs: 60_000 });
    assert.equal(r.status, 2, `${config}\n${r.stderr}`);
    assert.match(r.stderr, expected);
  }
});
