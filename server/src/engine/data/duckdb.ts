/**
 * The one place that loads DuckDB's native module. Loading it costs ~120 ms and ~25 MB, so no module may import
 * `@duckdb/node-api` for its values at the top: `contractlens lint`, `--version` and the language server start
 * without it, and it is loaded on the first data access (a session, the SQL parser).
 *
 * The build bundles the package's JavaScript (~60 modules, resolved and read one by one: about a third of that load)
 * into one file beside the server bundle, `dist/duckdb-api.js` (scripts/build.mjs); its native binding stays the
 * package's. From sources (tests, tsx) the package in node_modules is loaded instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type DuckDB = typeof import('@duckdb/node-api');

export const BUNDLED_DUCKDB_API = 'duckdb-api.js';

let loading: Promise<DuckDB> | undefined;
let loaded: DuckDB | undefined;

export function loadDuckDB(): Promise<DuckDB> {
  return (loading ??= Promise.resolve().then(() => (loaded = requireDuckDB())));
}

let moduleLoadMs = 0;

function requireDuckDB(): DuckDB {
  const started = performance.now();
  const bundled = join(__dirname, BUNDLED_DUCKDB_API);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(existsSync(bundled) ? bundled : '@duckdb/node-api') as DuckDB;
  moduleLoadMs = performance.now() - started;
  return module;
}

/**
 * How long this process spent loading the module (0 until it is loaded). A command's opening time includes it once;
 * reporting it apart lets a benchmark compare the engine with hand-written SQL run where DuckDB is already loaded.
 */
export function duckdbModuleLoadMs(): number {
  return Math.round(moduleLoadMs);
}

/** The module, for code that runs only after `loadDuckDB()` resolved (inside an open session). */
export function duckdb(): DuckDB {
  if (!loaded) throw new Error('DuckDB is not loaded yet: call loadDuckDB() first');
  return loaded;
}
