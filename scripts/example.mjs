#!/usr/bin/env node
// `npm run example`: the main job on the bundled e-commerce example, from a fresh clone.
//   1. install and build (scripts/setup.mjs),
//   2. generate examples/shop/data (deterministic; defects injected at known counts, see expected.json),
//   3. lint the six contracts,
//   4. `contractlens check examples/shop` (real failures from the data), then reconcile orders with its replica.
// The example data is broken ON PURPOSE, so check and reconcile exiting 1 is the expected outcome and this script
// still exits 0; it exits 1 only when something did not work: lint found errors, a command could not run (exit 2),
// or the failures found are not the ones the generator injected.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'contractlens.js');
const bold = process.stdout.isTTY && !process.env.NO_COLOR ? (t) => `\x1b[1m${t}\x1b[0m` : (t) => t;
const step = (title) => console.log(`\n${bold(`▶ ${title}`)}`);
const run = (args, opts = {}) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts }).status;

if (!process.env.CONTRACTLENS_EXAMPLE_SKIP_SETUP) {
  step('install and build');
  if (run([join(root, 'scripts', 'setup.mjs')]) !== 0) process.exit(1);
}

step('generate examples/shop/data (csv, parquet, jsonl + an orders replica)');
if (run([join(root, 'scripts', 'generate-shop-data.mjs'), '--orders', process.env.CONTRACTLENS_EXAMPLE_ORDERS ?? '20000']) !== 0) process.exit(1);
const expected = JSON.parse(readFileSync(join(root, 'examples/shop/data/expected.json'), 'utf8'));

step('contractlens lint examples/shop');
const lint = run([cli, 'lint', 'examples/shop']);

// The data's clock: freshness and retention are judged as of the moment the data was generated.
step(`contractlens check examples/shop --now ${expected.referenceTime}`);
const check = run([cli, 'check', 'examples/shop', '--now', expected.referenceTime, '--samples', '3']);
const json = spawnSync(process.execPath, [cli, 'check', 'examples/shop', '--now', expected.referenceTime, '--samples', '0', '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });

step('contractlens reconcile examples/shop/orders.odcs.yaml --against replica-parquet');
const rec = run([cli, 'reconcile', 'examples/shop/orders.odcs.yaml', '--against', 'replica-parquet', '--samples', '3']);

// Did the checks find exactly what the generator injected?
let mismatches = [];
let summary = { total: 0, passed: 0, failed: 0, warning: 0, error: 0, skipped: 0 };
try {
  const out = JSON.parse(json.stdout);
  summary = out.summary;
  const got = new Map(out.results.map((r) => [r.rule, r.failedRows]));
  mismatches = Object.entries(expected.failedRows).filter(([rule, n]) => got.get(rule) !== n).map(([rule, n]) => `${rule}: expected ${n}, got ${got.get(rule)}`);
} catch (e) {
  mismatches = [`check --format json gave no JSON: ${e.message}`];
}

step('summary');
console.log(`lint:      ${lint === 0 ? 'clean' : `exit ${lint}`}`);
console.log(`check:     ${summary.total} rules: ${summary.passed} passed, ${summary.failed} failed, ${summary.warning} warnings, ${summary.error} errors, ${summary.skipped} skipped (exit ${check}; 1 is expected: the example data is broken on purpose)`);
console.log(`reconcile: exit ${rec} (1 is expected: the replica misses, adds and changes rows on purpose)`);
console.log(`defects:   ${Object.keys(expected.failedRows).length - mismatches.length} of ${Object.keys(expected.failedRows).length} injected defect counts found exactly${mismatches.length ? ':\n  ' + mismatches.join('\n  ') : ''}`);
const ok = lint === 0 && check === 1 && rec === 1 && mismatches.length === 0;
console.log(ok ? '\nThe example ran as designed.' : '\nSomething did not work as designed (see above).');
process.exit(ok ? 0 : 1);
