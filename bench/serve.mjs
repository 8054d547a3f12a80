#!/usr/bin/env node
// `contractlens serve` over time (figures, not a test):
//
//   node bench/serve.mjs [--orders 1000000] [--every 10s] [--minutes 10]
//
// Generates the example shop at --orders into a temp folder, starts the BUILT CLI's serve on every shop contract
// with a run every --every, and for --minutes: polls /metrics every 250 ms (response times, split by whether a run
// was in progress, per /healthz's `running`), samples the process's RSS (from /proc), and at the end prints RSS at the first finished run and
// at the end, /metrics p50/p99, runs completed, and the history file's size per recorded run.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, copyFileSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'node:net';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { orders: { type: 'string' }, every: { type: 'string' }, minutes: { type: 'string' } } });
const orders = Number(values.orders ?? 1_000_000);
const every = values.every ?? '10s';
const minutes = Number(values.minutes ?? 10);

const port = await new Promise((r) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const dir = mkdtempSync(join(tmpdir(), 'cl-bench-serve-'));
for (const f of readdirSync(join(ROOT, 'examples/shop')).filter((n) => n.endsWith('.odcs.yaml'))) copyFileSync(join(ROOT, 'examples/shop', f), join(dir, f));
let t = Date.now();
execFileSync(process.execPath, [join(ROOT, 'scripts/generate-shop-data.mjs'), '--out', join(dir, 'data'), '--orders', String(orders), '--formats', 'parquet'], { stdio: 'inherit' });
console.log(`[serve] data generated in ${((Date.now() - t) / 1000).toFixed(0)} s`);

const history = join(dir, 'history.duckdb');
const child = spawn(process.execPath, [join(ROOT, 'dist/contractlens.js'), 'serve', '.', '--every', every, '--listen', `127.0.0.1:${port}`, '--history', history], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
child.stderr.on('data', (b) => {
  log += b.toString();
});
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
const runsDone = () => (log.match(/\] run \d+:/g) ?? []).length;
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };

// Wait for the first finished run of every contract.
while (runsDone() < 6) {
  if (child.exitCode !== null) throw new Error(log);
  await new Promise((r) => setTimeout(r, 200));
}
const rssStart = rss();
const samples = { during: [], idle: [] };
const rssSeries = [rssStart];
const started = Date.now();
let lastRss = Date.now();
// A request that fails on the network (a kept-alive socket the server closed while its event loop was busy: a race
// of HTTP keep-alive, seen under heavy load) is counted and the poll goes on; serve exiting ends the bench.
let networkErrors = 0;
const get = async (path) => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return await res.text();
  } catch (e) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serve exited (${child.exitCode ?? child.signalCode}):\n${log.slice(-4000)}`);
    networkErrors++;
    return undefined;
  }
};
while (Date.now() - started < minutes * 60_000) {
  const health = await get('/healthz');
  const busy = health !== undefined && (JSON.parse(health).running ?? []).length > 0;
  const h0 = performance.now();
  const body = await get('/metrics');
  const ms = performance.now() - h0;
  if (body !== undefined && health !== undefined) (busy ? samples.during : samples.idle).push(ms);
  await new Promise((r) => setTimeout(r, 250));
  if (Date.now() - lastRss > 10_000) {
    rssSeries.push(rss());
    lastRss = Date.now();
  }
}
const rssEnd = rss();
const runs = runsDone();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
const size = statSync(history).size;
const all = [...samples.during, ...samples.idle];
console.log(`[serve] machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${orders} orders, every ${every}, ${minutes} min`);
console.log(`[serve] runs finished: ${runs} (all 6 contracts)`);
console.log(`[serve] RSS: ${rssStart.toFixed(0)} MB after the first runs, ${rssEnd.toFixed(0)} MB at the end (min ${Math.min(...rssSeries).toFixed(0)}, max ${Math.max(...rssSeries).toFixed(0)} over ${rssSeries.length} samples)`);
console.log(`[serve] /metrics: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms over ${all.length} requests (${networkErrors} network errors, retried at the next poll); while a run was in progress: p50 ${pct(samples.during, 50).toFixed(1)} ms, p99 ${pct(samples.during, 99).toFixed(1)} ms (${samples.during.length})`);
console.log(`[serve] history: ${(size / 1024).toFixed(0)} KiB for ${runs} runs (${(size / runs / 1024).toFixed(1)} KiB per contract run)`);
rmSync(dir, { recursive: true, force: true });
