/**
 * `npm run package` produces a linux-x64 .vsix that a real VS Code server installs offline (`--install-extension`),
 * and the installed extension's own language server loads its bundled DuckDB binding (CL123 comes from DuckDB's
 * SQL parser, so it is reported only when the native binding inside the package works).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, scratchDir } from '../helpers/paths.ts';

test('the linux-x64 .vsix installs offline into VS Code and its bundled DuckDB works', { timeout: 5 * 60_000 }, async () => {
  const { ensureE2eEnvironment } = (await import(join(ROOT, 'test', 'e2e', 'setup.mjs'))) as {
    ensureE2eEnvironment(): { node: string; serverMain: string };
  };
  const env = ensureE2eEnvironment();
  const dir = scratchDir('cl-vsix-');
  assert.ok(existsSync(join(ROOT, 'dist', 'contractlens.js')), 'dist/ is built (npm test builds it first)');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--target', 'linux-x64', '--out', dir], { cwd: ROOT, stdio: 'pipe' });
  const vsix = readdirSync(dir).find((f) => f.endsWith('.vsix'));
  assert.equal(vsix, 'contract-lens-linux-x64-0.1.0.vsix');

  const extensions = join(dir, 'extensions');
  const install = spawnSync(
    env.node,
    [env.serverMain, '--install-extension', join(dir, vsix!), '--extensions-dir', extensions, '--server-data-dir', join(dir, 'data'), '--accept-server-license-terms'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.match(install.stdout, /successfully installed/);
  const installed = join(extensions, 'contractlens.contract-lens-0.1.0');
  assert.ok(existsSync(join(installed, 'node_modules', '@duckdb', 'node-bindings-linux-x64', 'duckdb.node')), 'the linux-x64 DuckDB binding ships in the package');
  assert.deepEqual(readdirSync(join(installed, 'node_modules', '@duckdb')).sort(), ['node-api', 'node-bindings', 'node-bindings-linux-x64']);
  // The precompiled JSON Schema validators: without them the server compiles the schemas at start (~0.5 s more).
  assert.ok(existsSync(join(installed, 'dist', 'schema-validators.js')), 'the precompiled validators ship beside the server bundle');

  const lint = spawnSync(process.execPath, [join(installed, 'dist', 'contractlens.js'), 'lint', '--format', 'json', join(ROOT, 'test', 'fixtures', 'e2e', 'workspace', 'contracts', 'sql.odcs.yaml')], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(lint.status, 1, lint.stderr);
  const codes = (JSON.parse(lint.stdout) as { files: { diagnostics: { code: string }[] }[] }).files.flatMap((f) => f.diagnostics.map((d) => d.code));
  assert.deepEqual(codes, ['CL123']);
});
