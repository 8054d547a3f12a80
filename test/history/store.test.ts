/**
 * The history store over a real DuckDB file: 500 runs read back in order, a writer killed with SIGKILL in the middle
 * of its writes leaves a readable file with only whole runs, and a process holding the file only delays a writer.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { appendHistory, appendHistoryRuns, readHistory } from '../../server/src/engine/history/store.ts';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { record } from './records.ts';

test('500 runs, each its own transaction, read back oldest first, and filters select by rule and time', async () => {
  const path = join(scratchDir('cl-hist-'), 'h', 'history.duckdb');
  const started = Date.now();
  // Ten openings of the file of 50 runs each (as serve flushes), so order holds across openings and transactions;
  // one opening per run (check, reconcile) is what the lock and crash tests below exercise.
  for (let batch = 0; batch < 10; batch++) {
    const runs = Array.from({ length: 50 }, (_, k) => batch * 50 + k).map((run) => [record(run, run % 7), record(run, 1000 - run, 'orders.total_matches_items')]);
    await appendHistoryRuns(path, runs);
  }
  const ms = Date.now() - started;
  const all = await readHistory(path);
  assert.equal(all.length, 1000);
  assert.deepEqual(all.filter((r) => r.rule === 'orders.user_id.relationship').map((r) => r.failedRows), Array.from({ length: 500 }, (_, i) => i % 7));
  assert.deepEqual(all.slice(0, 4).map((r) => [r.runId, r.rule]), [['run-0000', 'orders.user_id.relationship'], ['run-0000', 'orders.total_matches_items'], ['run-0001', 'orders.user_id.relationship'], ['run-0001', 'orders.total_matches_items']]);
  assert.deepEqual(all[999], record(499, 501, 'orders.total_matches_items'));
  const since = await readHistory(path, { rule: 'orders.total_matches_items', since: new Date(Date.UTC(2026, 0, 1) + 490 * 60_000) });
  assert.deepEqual(since.map((r) => r.failedRows), [510, 509, 508, 507, 506, 505, 504, 503, 502, 501]);
  const last = await readHistory(path, { lastRuns: 3 });
  assert.deepEqual(last.map((r) => r.runId), ['run-0497', 'run-0497', 'run-0498', 'run-0498', 'run-0499', 'run-0499']);
  console.log(`[history] 500 runs appended in ${ms} ms`);
});

test('a writer killed mid-write leaves a readable file holding whole runs only, and the next writer appends', async () => {
  const path = join(scratchDir('cl-hist-kill-'), 'history.duckdb');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/history/writer.mts'), path, '1000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  // Wait for three committed runs, then kill it while it is inside the next one's transaction (or opening the file).
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('appended 3\n')) setTimeout(resolve, 60);
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('close', r));
  const records = await readHistory(path);
  const perRun = new Map<string, number>();
  for (const r of records) perRun.set(r.runId, (perRun.get(r.runId) ?? 0) + 1);
  assert.ok(perRun.size >= 3, `at least the 3 committed runs survive, got ${perRun.size}`);
  for (const [run, n] of perRun) assert.equal(n, 1000, `run ${run} is whole`);
  await appendHistory(path, [record(1, 4)]);
  assert.equal((await readHistory(path)).length, records.length + 1);
});

test('a process holding the file delays a writer, which then appends', async () => {
  const path = join(scratchDir('cl-hist-lock-'), 'history.duckdb');
  await appendHistory(path, [record(0, 1)]);
  // A second process opens the file read-write and keeps it for 1.5 s (DuckDB's OS-level lock).
  const holder = spawn(process.execPath, ['-e', `
    const { DuckDBInstance } = require('@duckdb/node-api');
    DuckDBInstance.create(${JSON.stringify(path)}).then((db) => { console.log('holding'); setTimeout(() => { db.closeSync(); process.exit(0); }, 1500); });
  `], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
  const started = Date.now();
  await appendHistory(path, [record(1, 2)]);
  const waited = Date.now() - started;
  assert.ok(waited >= 500, `the writer waited for the lock (${waited} ms)`);
  assert.deepEqual((await readHistory(path)).map((r) => r.failedRows), [1, 2]);
  await assert.rejects(
    (async () => {
      const again = spawn(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(path)}).then(() => { console.log('holding'); setInterval(() => {}, 1000); });`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        await new Promise<void>((resolve) => again.stdout.on('data', () => resolve()));
        await appendHistory(path, [record(2, 3)], { lockTimeoutMs: 300 });
      } finally {
        again.kill('SIGKILL');
      }
    })(),
    /stayed locked by another process/,
  );
});
