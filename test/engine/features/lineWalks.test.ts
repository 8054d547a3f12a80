/**
 * Regression for the completion hang (issue 13): completion on a document whose first line is empty spun forever
 * and froze the whole server. Every feature service is asked at every offset of the edge-case texts (first/last
 * line, empty lines, CRLF and CR, BOM, positions past the end) in a worker thread; a call that does not return
 * within the deadline fails the test with the call's name instead of hanging the run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

const DEADLINE_MS = 30_000;
/** One call on these small texts takes microseconds; long lines are capped before any regular expression. */
const SLOWEST_CALL_MS = 500;

test('every feature makes progress at every offset of edge-case texts (no hang, no throw, ranges inside the text)', async () => {
  // Node 20 does not pass `--import tsx` on to workers: the worker registers tsx itself, then loads the TypeScript.
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(join(__dirname, 'lineWalks.worker.ts'))});`;
  const worker = new Worker(boot, { eval: true });
  let doing = 'starting';
  const result = await new Promise<{ problems: string[]; calls: number; slowest: { ms: number; what: string }; topLevel: Record<string, string[]> }>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no answer within ${DEADLINE_MS} ms; stuck at: ${doing}`));
    }, DEADLINE_MS);
    worker.on('message', (m: { doing?: string; done?: boolean; problems: string[]; calls: number; slowest: { ms: number; what: string }; topLevel: Record<string, string[]> }) => {
      if (m.doing) doing = m.doing;
      if (m.done) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  await worker.terminate();
  assert.deepEqual(result.problems, []);
  assert.ok(result.calls > 1000, `asked ${result.calls} times`);
  for (const [name, labels] of Object.entries(result.topLevel)) {
    assert.ok(labels.includes('id') && labels.includes('status'), `${name}: top-level keys offered on the first line, got ${labels.join(', ')}`);
  }
  assert.ok(Object.keys(result.topLevel).length >= 4);
  assert.ok(result.slowest.ms < SLOWEST_CALL_MS, `slowest call ${result.slowest.ms.toFixed(0)} ms: ${result.slowest.what}`);
});
