/**
 * `npm run fuzz -- [--docs 100000] [--seed N] [--out dir] [--deadline ms] [--rss-limit MB] [--requests N]
 * [--max-long-line chars] [--max-depth N] [--from N]` runs the long fuzz and saves
 * every failing input under `fuzz-failures/` (or --out); `npm run fuzz -- --replay <dir>` replays one.
 * The test suite runs a short, fixed-seed version of the same driver (fuzz.test.ts).
 */
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.ts';
import { CI_OPTIONS, runFuzz, SETTLE_MS } from './driver.ts';
import { replay } from './replay.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main(): Promise<number> {
  const deadlineMs = Number(arg('deadline') ?? CI_OPTIONS.deadlineMs);
  const replayDir = arg('replay');
  if (replayDir) return (await replay(replayDir, deadlineMs, (l) => console.log(l))) ? 0 : 1;
  const seed = Number(arg('seed') ?? Date.now() % 1_000_000);
  const docs = Number(arg('docs') ?? 100_000);
  const outDir = arg('out') ?? join(ROOT, 'fuzz-failures');
  console.log(`fuzz: seed ${seed}, ${docs} documents; failing inputs go to ${outDir}`);
  const report = await runFuzz({
    ...CI_OPTIONS,
    maxLongLine: Number(arg('max-long-line') ?? 1_000_000),
    maxDepth: Number(arg('max-depth') ?? 10_000),
    rssLimitMb: Number(arg('rss-limit') ?? CI_OPTIONS.rssLimitMb),
    requestsPerDoc: Number(arg('requests') ?? CI_OPTIONS.requestsPerDoc),
    deadlineMs,
    seed,
    docs,
    from: arg('from') === undefined ? undefined : Number(arg('from')),
    outDir,
    log: (l) => console.log(l),
  });
  const l = report.latencies;
  console.log(
    `done: ${report.docs} documents, ${report.requests} requests in ${(report.durationMs / 1000).toFixed(0)} s; ` +
      `latency p50 ${percentile(l, 50).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms, max ${percentile(l, 100).toFixed(0)} ms; ` +
      `RSS idle ${report.rss.idle?.toFixed(0)} MB, max ${report.rss.max.toFixed(0)} MB, after ${report.rss.after?.toFixed(0)} MB ` +
      `(a fresh server with the same open documents: ${report.rss.freshIdle?.toFixed(0)} MB; both after ${SETTLE_MS / 1000} s idle); ${report.failures.length} failures`,
  );
  return report.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
