// Runs the whole suite: type check, then every test/**/*.test.ts with node's test runner (TypeScript through tsx).
// `node scripts/run-tests.mjs PATTERN…` runs only the files whose path contains one of the patterns.
// The throwaway servers the tests need (scripts/services/: PostgreSQL…) are started once for the run, their
// CONTRACTLENS_TEST_* variables handed to the tests, and stopped when the run ends, however it ends.
import { readdirSync, statSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServices, stopAll } from './services/index.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out.sort();
}

if (filters.length === 0) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('[test] type check failed');
    process.exit(tsc.status ?? 1);
  }
}

const files = findTests(join(root, 'test')).filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)));
if (files.length === 0) {
  console.error('[test] no test files matched');
  process.exit(1);
}
let status = 1;
try {
  const serviceEnv = await startServices();
  // Asynchronous, so that a Ctrl-C reaches our handlers (which stop the servers) while the tests run.
  status = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...serviceEnv, CONTRACTLENS_ROOT: root },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(`[test] ${err.message}`);
      resolve(1);
    });
  });
} catch (err) {
  console.error(`[test] could not start the test services: ${err.stack ?? err}`);
} finally {
  await stopAll();
}
process.exit(status);
