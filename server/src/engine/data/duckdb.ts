/**
 * The one place that loads DuckDB's native module. Loading it costs ~120 ms and ~25 MB, so no module may import
 * `@duckdb/node-api` for its values at the top: `contractlens lint`, `--version` and the language server start
 * without it, and it is loaded on the first data access (a session, the SQL parser).
 */
export type DuckDB = typeof import('@duckdb/node-api');

let loading: Promise<DuckDB> | undefined;
let loaded: DuckDB | undefined;

/**
 * `require`, not `import()`: a dynamic import of this CommonJS package first runs Node's CommonJS export lexer over
 * each of its ~40 files (measured: a third of the load time, ~380 ms of a loaded machine's 1 s), which `require`
 * skips.
 */
export function loadDuckDB(): Promise<DuckDB> {
  return (loading ??= Promise.resolve().then(() => (loaded = require('@duckdb/node-api') as DuckDB)));
}

/** The module, for code that runs only after `loadDuckDB()` resolved (inside an open session). */
export function duckdb(): DuckDB {
  if (!loaded) throw new Error('DuckDB is not loaded yet: call loadDuckDB() first');
  return loaded;
}
