/**
 * The one place that loads DuckDB's native module. Loading it costs ~120 ms and ~25 MB, so no module may import
 * `@duckdb/node-api` for its values at the top: `contractlens lint`, `--version` and the language server start
 * without it, and it is loaded on the first data access (a session, the SQL parser).
 */
export type DuckDB = typeof import('@duckdb/node-api');

let loading: Promise<DuckDB> | undefined;
let loaded: DuckDB | undefined;

export function loadDuckDB(): Promise<DuckDB> {
  return (loading ??= import('@duckdb/node-api').then((m) => (loaded = m)));
}

/** The module, for code that runs only after `loadDuckDB()` resolved (inside an open session). */
export function duckdb(): DuckDB {
  if (!loaded) throw new Error('DuckDB is not loaded yet: call loadDuckDB() first');
  return loaded;
}
