/**
 * Runs the whole VS Code end-to-end suite (test/e2e/run.mjs: a real VS Code server + headless Chromium, the
 * extension's tests inside the real extension host) and asserts its outcome, so `npm test` includes it.
 * A machine that lacks something the run cannot install makes this test FAIL with the reason, never skip.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, scratchDir } from '../helpers/paths.ts';

interface Summary {
  ok: boolean;
  phases: { phase: string; error?: string; tests: { name: string; status: string; error?: string }[] }[];
}

test('the extension passes its end-to-end suite in a real VS Code (trusted and untrusted workspace)', { timeout: 10 * 60_000 }, () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'client.js')), 'dist/ is built (npm test builds it first)');
  // A fresh run folder: a summary from an earlier (or concurrent) run can never stand in for this one.
  const runDir = scratchDir('cl-e2e-run-');
  const summaryPath = join(runDir, 'summary.json');
  const run = spawnSync(process.execPath, [join(ROOT, 'test', 'e2e', 'run.mjs'), '--no-build', '--run-dir', runDir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 9.5 * 60_000,
    killSignal: 'SIGTERM',
  });
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;
  } catch {
    assert.fail(`the e2e runner wrote no summary (exit ${run.status}, signal ${run.signal}):\n${run.stderr.slice(-4000)}`);
  }
  const failures = summary.phases.flatMap((p) => [
    ...(p.error ? [`[${p.phase}] ${p.error}`] : []),
    ...p.tests.filter((t) => t.status !== 'passed').map((t) => `[${p.phase}] ${t.name}\n${t.error ?? ''}`),
  ]);
  assert.deepEqual(failures, [], `e2e failures (logs in ${runDir}):\n${failures.join('\n\n')}\n--- runner stderr ---\n${run.stderr.slice(-4000)}`);
  assert.deepEqual(summary.phases.map((p) => p.phase), ['trusted', 'untrusted']);
  for (const p of summary.phases) assert.ok(p.tests.length > 0, `phase ${p.phase} ran no tests`);
  assert.equal(run.status, 0, run.stderr.slice(-4000));
  assert.equal(summary.ok, true);
});
