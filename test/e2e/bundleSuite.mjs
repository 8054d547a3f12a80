// Bundles the in-host e2e suite (test/e2e/vscode/index.e2e.ts and what it imports) into one CommonJS file that the
// VS Code extension host loads as `extensionTestsPath`. `vscode` stays external: the host provides the real API.
//   node test/e2e/bundleSuite.mjs OUT_DIR
import { build } from 'esbuild';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node test/e2e/bundleSuite.mjs OUT_DIR');
  process.exit(2);
}
await build({
  entryPoints: [join(ROOT, 'test', 'e2e', 'vscode', 'index.e2e.ts')],
  outfile: join(outDir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
  absWorkingDir: ROOT,
});

// esbuild strips types without checking them: the in-host suite (and the client sources it imports) are type
// checked here, since test/tsconfig.json leaves test/e2e/vscode out (it needs the `vscode` types).
import { spawnSync } from 'node:child_process';
const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'test', 'e2e', 'vscode')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('[e2e] type check of test/e2e/vscode failed');
  process.exit(1);
}
