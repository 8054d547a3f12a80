// Builds a platform-specific VS Code extension package (.vsix) that installs offline:
//   node scripts/package.mjs [--target linux-x64] [--out DIR]
// The extension is the bundled client (dist/client.js) and the bundled server (dist/contractlens.js), plus the one
// thing esbuild cannot bundle: DuckDB's native binding for the target platform. A staging folder gets a trimmed
// package.json, the bundles, media, grammars, README and exactly the three DuckDB packages; then
// `vsce package --target T --no-dependencies` zips it. A binding for another platform than the one installed here is
// fetched with `npm pack` from the npm registry (nothing else is downloaded).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

/** VS Code platform target → DuckDB binding package suffix. */
const BINDINGS = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-x64-musl',
  'alpine-arm64': 'linux-arm64-musl',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};
const target = opt('target', 'linux-x64');
if (!BINDINGS[target]) {
  console.error(`[package] unknown target ${target}; one of: ${Object.keys(BINDINGS).join(', ')}`);
  process.exit(2);
}
const outDir = opt('out', root);
// A fresh staging folder per run: two packagings at once (e.g. tests in parallel) never share one.
const stage = mkdtempSync(join(tmpdir(), `cl-vsix-${target}-`));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const duckdbVersion = JSON.parse(readFileSync(join(root, 'node_modules', '@duckdb', 'node-bindings', 'package.json'), 'utf8')).version;

function run(cmd, cmdArgs, cwd) {
  return execFileSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
}


// 1. The bundles (built by `npm run build`, which `npm run package` runs first through scripts/setup.mjs).
// schema-validators.js: the JSON Schemas precompiled by the build (without it the server compiles them at start).
// duckdb-api.js: @duckdb/node-api's JavaScript in one file (the package below still supplies the native binding).
for (const f of ['dist/client.js', 'dist/contractlens.js', 'dist/contractlens-core.js', 'dist/schema-validators.js', 'dist/sql-parser.js', 'dist/duckdb-api.js']) {
  if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
  cpSync(join(root, f), join(stage, f));
}
for (const dir of ['dist/sql-dialects', 'dist/drivers', 'client/media', 'syntaxes', 'docs/rules']) {
  if (existsSync(join(root, dir))) cpSync(join(root, dir), join(stage, dir), { recursive: true });
}
for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md']) if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f));
if (existsSync(join(root, 'docs', 'screenshots'))) cpSync(join(root, 'docs', 'screenshots'), join(stage, 'docs', 'screenshots'), { recursive: true });

// 2. DuckDB: @duckdb/node-api and its dependency closure (the loader, detect-libc…), with the target's native
// binding as the only platform package; nothing else from node_modules.
const binding = `@duckdb/node-bindings-${BINDINGS[target]}`;
const copied = new Set();
function copyPackage(name) {
  if (copied.has(name)) return;
  copied.add(name);
  const from = join(root, 'node_modules', name);
  if (!existsSync(from)) throw new Error(`${name} is not installed (npm ci first)`);
  cpSync(from, join(stage, 'node_modules', name), { recursive: true });
  const meta = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  // Optional dependencies are the other platforms' bindings: left out on purpose.
  for (const dep of Object.keys(meta.dependencies ?? {})) copyPackage(dep);
}
copyPackage('@duckdb/node-api');
const bindingDir = join(stage, 'node_modules', binding);
if (existsSync(join(root, 'node_modules', binding))) {
  cpSync(join(root, 'node_modules', binding), bindingDir, { recursive: true });
} else {
  console.error(`[package] fetching ${binding}@${duckdbVersion} from the npm registry…`);
  const tmp = join(stage, '.binding');
  mkdirSync(tmp, { recursive: true });
  const tgz = run('npm', ['pack', `${binding}@${duckdbVersion}`, '--silent', '--pack-destination', tmp], tmp).trim().split('\n').pop();
  mkdirSync(bindingDir, { recursive: true });
  run('tar', ['xzf', join(tmp, tgz), '-C', bindingDir, '--strip-components=1'], tmp);
  rmSync(tmp, { recursive: true, force: true });
}

// 3. A package.json for the extension alone: no scripts, no dev dependencies, DuckDB as the only dependency.
const manifest = { ...pkg };
delete manifest.scripts;
delete manifest.devDependencies;
delete manifest.private;
delete manifest.bin;
manifest.dependencies = { '@duckdb/node-api': pkg.dependencies['@duckdb/node-api'] };
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
writeFileSync(join(stage, '.vscodeignore'), ['**/*.map', '**/*.ts', '!**/*.d.ts', '.binding/**'].join('\n') + '\n');

// 4. Zip it. vsce lists the production dependencies (npm list) in the staging node_modules: exactly the three above.
const out = join(outDir, `${pkg.name}-${target}-${pkg.version}.vsix`);
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--target', target, '--skip-license', '--allow-missing-repository', '--out', out], {
  cwd: stage,
  stdio: 'inherit',
});
rmSync(stage, { recursive: true, force: true });
console.error(`[package] ${out} (with ${[...copied, binding].join(', ')})`);
