/**
 * The fuzz harness in the normal test run: a fixed seed, a bounded number of mutated contracts, the real server
 * over stdio. Fails on a crash, a request or a diagnostics publish unanswered within 5 s, an internal error, a stack
 * trace on stderr or in the log, final diagnostics that differ from a fresh server's on the same texts, or an RSS
 * above the bound. `npm run fuzz -- --docs 100000 --seed N` runs the long version (see run.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CI_OPTIONS, runFuzz } from './driver.ts';

/**
 * 450 documents (~1,200 requests, about 20 s on 2 cores) in the normal run: what the server holds today under
 * all of the bounds (5 s per request, 300 MB RSS, final diagnostics equal to a fresh server's). The
 * divergence once found at document ~600 is fixed (see regressions.test.ts). Known open failures with this seed
 * (issue 13 stays open for them; replay with `npm run fuzz -- --docs 2000 --seed 20261206`): from document ~547 the
 * server's RSS crosses 300 MB on a quiet machine (~753 on a loaded one, where V8 collects at other moments; the
 * memory work is not done), and from ~778 requests on a 260 KB slot with a 148 KB
 * line and ~23,000 findings go unanswered for more than 5 s. Raise this number as those are fixed;
 * CONTRACTLENS_FUZZ_DOCS=2000 shows them.
 */
const DOCS = Number(process.env.CONTRACTLENS_FUZZ_DOCS ?? 450);
const SEED = 20261206;

test(`fuzz: ${DOCS} mutated contracts (seed ${SEED}) against the real server`, { timeout: 600_000 }, async () => {
  const report = await runFuzz({ ...CI_OPTIONS, seed: SEED, docs: DOCS });
  const summary = report.failures.map((f) => `doc ${f.doc} ${f.kind}: ${f.message.slice(0, 600)}`).join('\n');
  assert.equal(report.docs, DOCS, `the run stopped early:\n${summary}`);
  assert.deepEqual(summary, '', `failures (replay the seed with: npm run fuzz -- --docs ${DOCS} --seed ${SEED})`);
  assert.ok(report.requests >= DOCS, `${report.requests} requests`);
  assert.ok(report.rss.max > 0, 'RSS was sampled');
});
