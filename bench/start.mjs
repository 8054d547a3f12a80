// Start-up benchmark of the BUILT language server (not a test): process spawn → `initialize` answered, wall time
// and the server's own CPU time until then (/proc/PID/stat: on a shared machine it says more than the wall time),
// p50 of N. With several bundle paths it alternates them run by run, so that each gets the same minutes and load.
//
//   node bench/start.mjs [--runs 15] [--cli] [path/to/contractlens.js[#nocache] …]   (default: dist/contractlens.js)
//
// `#nocache` runs that bundle with CONTRACTLENS_CODE_CACHE=off (no V8 code cache, launcher/codeCache.ts).
//
// `--cli` also times `contractlens lint` on one small contract (spawn → exit) per bundle.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile } from './lspClient.mjs';

/**
 * CPU time of a process so far in ms, from /proc/PID/task/* /schedstat (ns, where /proc/PID/stat counts 10 ms ticks):
 * `main` is the main thread (what the answer waits for), `all` adds V8's and libuv's helper threads.
 */
function cpuTimes(pid) {
  try {
    const ns = (tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    const all = readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + ns(tid), 0);
    return { main: ns(pid) / 1e6, all: all / 1e6 };
  } catch {
    return { main: NaN, all: NaN }; // not Linux
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, cli: { type: 'boolean' } } });
const RUNS = Number(opts.runs ?? 15);
const specs = positionals.length ? positionals : [join(ROOT, 'dist', 'contractlens.js')];
const bundles = specs.map((p) => resolve(p.replace(/#nocache$/, '')));
const envs = specs.map((p) => (p.endsWith('#nocache') ? { ...process.env, CONTRACTLENS_CODE_CACHE: 'off' } : process.env));

/** Spawns the server, sends `initialize`, resolves with wall ms and server CPU ms at the answer. */
function startOnce(bundle, folder, env) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bundle, 'lsp', '--stdio'], { cwd: folder, env, stdio: ['pipe', 'pipe', 'ignore'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: pathToFileURL(folder).toString(), capabilities: { workspace: { configuration: true } } } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('"id":1')) return;
      const wall = performance.now() - t0;
      const cpu = cpuTimes(child.pid);
      child.kill();
      done({ wall, cpu: cpu.all, main: cpu.main });
    });
    child.on('error', fail);
  });
}

function lintOnce(bundle, file, env) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bundle, 'lint', file], { env, stdio: 'ignore' });
    child.on('exit', () => done(performance.now() - t0));
  });
}

const folder = mkdtempSync(join(tmpdir(), 'cl-start-'));
const contract = join(folder, 'orders.odcs.yaml');
writeFileSync(contract, 'apiVersion: v3.1.0\nkind: DataContract\nid: orders\nname: Orders\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: integer\n');
const results = bundles.map(() => ({ wall: [], cpu: [], main: [], lint: [] }));
const loads = [loadavg()[0]];
try {
  for (let i = 0; i < RUNS; i++) {
    for (const [b, bundle] of bundles.entries()) {
      const r = await startOnce(bundle, folder, envs[b]);
      results[b].wall.push(r.wall);
      results[b].cpu.push(r.cpu);
      results[b].main.push(r.main);
      if (opts.cli) results[b].lint.push(await lintOnce(bundle, contract, envs[b]));
    }
    loads.push(loadavg()[0]);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
console.log(`spawn → initialize answered, p50 of ${RUNS} (alternating), load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
for (const [b, bundle] of bundles.entries()) {
  const r = results[b];
  const lint = opts.cli ? `; lint p50 ${percentile(r.lint, 50).toFixed(0)} ms` : '';
  console.log(`  ${specs[b]}: wall p50 ${percentile(r.wall, 50).toFixed(0)} ms (min ${Math.min(...r.wall).toFixed(0)}), server CPU p50 ${percentile(r.cpu, 50).toFixed(0)} ms (main thread ${percentile(r.main, 50).toFixed(0)} ms)${lint}`);
}
