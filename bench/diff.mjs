// Benchmark of `contractlens diff` (the BUILT CLI), printing figures (not a test):
//
//   node bench/diff.mjs            500 contracts of 200 lines and one of 50,000 lines in a scratch git repository
//
// Measures the wall time of the whole command (process start, git reads through one `cat-file --batch`, parsing
// both versions, comparing) when every contract has one breaking change, and when nothing changed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateContract } from './generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'contractlens.js');
execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'cl-bench-diff-'));
const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
git('init', '-q', '-b', 'main');
git('config', 'user.email', 'bench@example.com');
git('config', 'user.name', 'bench');
mkdirSync(join(dir, 'contracts'));
const files = [];
for (let i = 0; i < 500; i++) {
  const f = join(dir, 'contracts', `c${i}.odcs.yaml`);
  writeFileSync(f, generateContract(200, { name: `c${i}` }));
  files.push(f);
}
const big = join(dir, 'big.odcs.yaml');
writeFileSync(big, generateContract(50_000, { name: 'big' }));
git('add', '-A');
git('commit', '-q', '-m', 'base');

function time(args, runs = 3) {
  const ms = [];
  let code;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [CLI, 'diff', ...args, '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    code = res.status;
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], code };
}

const rows = [];
rows.push(['500 contracts × 200 lines, unchanged', time(['contracts'])]);
rows.push(['50,000-line contract, unchanged', time(['big.odcs.yaml'])]);
// One breaking change per file: the first `logicalType: string` becomes integer.
for (const f of [...files, big]) writeFileSync(f, readFileSync(f, 'utf8').replace('logicalType: string', 'logicalType: integer'));
rows.push(['500 contracts × 200 lines, one breaking change each', time(['contracts'])]);
rows.push(['50,000-line contract, one breaking change', time(['big.odcs.yaml'])]);

console.log('\ncontractlens diff (whole command, median of 3 runs)');
for (const [what, r] of rows) console.log(`  ${what.padEnd(52)} ${r.median.toFixed(0).padStart(6)} ms   exit ${r.code}`);
rmSync(dir, { recursive: true, force: true });
