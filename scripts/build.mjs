// Bundles the CLI/language server and the VS Code client with esbuild.
// Type checking is separate (`tsc -b`), so a bundle is produced in well under a second.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `yaml`'s CST parser reads `process.env.LOG_TOKENS` once per token, to print tokens when debugging it. Reading
 * `process.env` is a call into C++ each time: a 50,000-line contract has ~370,000 tokens, and the lookups were
 * 50-120 ms of its first open (a CPU profile of the language server). The bundle reads the variable once, at load.
 */
const yamlTokenLogOnce = {
  name: 'yaml-token-log-once',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const lookup = 'node_process.env.LOG_TOKENS';
      if (!source.includes(lookup)) return undefined; // another yaml version: bundled as it is
      return { contents: `const LOG_TOKENS_AT_LOAD = !!process.env.LOG_TOKENS;\n${source.replaceAll(lookup, 'LOG_TOKENS_AT_LOAD')}`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [yamlTokenLogOnce],
};

await Promise.all([
  // The CLI and language server. `dist/contractlens.js` (what users and the editor run) is the launcher below, which
  // runs this bundle with V8's code cache (server/src/launcher/codeCache.ts).
  build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/contractlens-core.js',
    // DuckDB ships a native binding per platform: resolved at run time from node_modules.
    external: ['@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-*'],
  }),
  build({
    ...common,
    sourcemap: false,
    entryPoints: ['server/src/launcher/main.ts'],
    outfile: 'dist/contractlens.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
  }),
]);
chmodSync(join(root, 'dist/contractlens.js'), 0o755);

// @duckdb/node-api's JavaScript as one file next to the bundle (server/src/engine/data/duckdb.ts loads it on the first
// data access): its ~60 modules, resolved and read one by one, were a third of loading DuckDB. The native binding
// (a package per platform) is still resolved at run time from node_modules.
await build({ ...common, sourcemap: false, minify: true, entryPoints: ['node_modules/@duckdb/node-api/lib/index.js'], outfile: 'dist/duckdb-api.js', external: ['@duckdb/node-bindings', '@duckdb/node-bindings-*'] });

// node-sql-parser's grammars, one file per dialect next to the bundle (server/src/engine/sql/grammars.ts loads
// them on first use): bundling all of them into the server would add ~4 MB that every start would have to parse.
const GRAMMARS = ['postgresql', 'mysql', 'mariadb', 'transactsql', 'snowflake', 'bigquery', 'hive', 'trino', 'redshift', 'athena', 'db2', 'sqlite'];
await Promise.all(
  GRAMMARS.map((d) => build({ ...common, sourcemap: false, minify: true, entryPoints: [`node_modules/node-sql-parser/build/${d}.js`], outfile: `dist/sql-dialects/${d}.js` })),
);

// The language server's SQL parser helper (server/src/lsp/sqlParserProcess.ts): DuckDB's parser in a process of its
// own that exits when idle, so that parsing contract SQL for diagnostics does not keep DuckDB in the server.
await build({ ...common, entryPoints: ['server/src/lsp/sqlParserHelper.ts'], outfile: 'dist/sql-parser.js', external: ['@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-*'] });

// mysql2 (with iconv-lite, ~1.4 MB) in a file of its own, loaded by the first MySQL connection
// (server/src/engine/data/engines/mysql/driver.ts): in the server bundle every start would read and compile it.
await build({ ...common, sourcemap: false, minify: true, entryPoints: ['node_modules/mysql2/promise.js'], outfile: 'dist/drivers/mysql2.js' });

// The JSON Schema validators, precompiled to standalone code next to the bundle: loading them takes ~30 ms where
// compiling the schemas at start takes ~500 ms (see server/src/engine/schema/validators.ts). Generated from the same
// TypeScript schema builders; without this file the server compiles the schemas at run time instead.
await build({ ...common, sourcemap: false, entryPoints: ['server/src/engine/schema/standalone.ts'], outfile: 'out/schema-standalone.cjs' });
execFileSync(process.execPath, [join(root, 'out/schema-standalone.cjs'), join(root, 'out/schema-validators.raw.js')], { stdio: 'inherit' });
await build({ ...common, sourcemap: false, minify: true, entryPoints: ['out/schema-validators.raw.js'], outfile: 'dist/schema-validators.js' });

// esbuild escapes non-ASCII characters in strings but keeps comments as written, and a single `…` in a comment makes
// V8 hold the whole source of the bundle (kept for lazy compilation) as a two-byte string: 4.6 MB of the server's
// heap instead of 2.3 MB. Escaping them (in comments only, since strings are already ASCII) changes nothing else.
for (const f of ['dist/contractlens-core.js', 'dist/sql-parser.js']) {
  const file = join(root, f);
  const text = readFileSync(file, 'utf8');
  if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.error('[build] dist/ ready');
