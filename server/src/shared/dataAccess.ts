/**
 * How a data command reaches the data: the ONE options type that CLI flags, editor settings and engine calls share,
 * and the ONE declaration of the CLI flags that set it (every data command spreads DATA_FLAGS into its options and
 * prints DATA_FLAGS_USAGE; server/src/cli/commands/dataOptions.ts turns the parsed flags into DataAccessOptions).
 *
 * To add a data-access option: add the field to DataAccessOptions, its flag to DATA_FLAGS and DATA_FLAGS_USAGE, its
 * parsing to cli/commands/dataOptions.ts, and (if the editor has it too) a setting in settings.ts read in
 * `dataAccessFromSettings` below. The engine reads the field; nothing else changes.
 */
import { DEFAULT_QUERY_TIMEOUT_MS, type Settings } from './settings.js';
import type { DatabaseLogins } from '../engine/data/logins.js';

/**
 * The environment variable naming a PostgreSQL role to `SET ROLE` to right after logging in, for the CLI and the
 * editor alike (the language server inherits the editor's environment): checks then run with that role's rights only.
 */
export const POSTGRES_ROLE_ENV = 'CONTRACTLENS_PG_ROLE';

export interface DataAccessOptions {
  /** Source paths must resolve inside it (CLI `--root`; editor: `contractlens.dataRoot`, else the workspace folder). */
  root: string;
  /** Further folders data may be read from (`--allow-path`, `contractlens.allowedDataPaths`). */
  allowPaths?: string[];
  /** The contract server to read (default: the contract's first local/duckdb server). */
  server?: string;
  /** Timeout of each query in ms (default DEFAULT_QUERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** DuckDB worker threads (default: DuckDB's, one per core). */
  threads?: number;
  /** DuckDB memory_limit, e.g. `2GB` (default: DuckDB's, 80 % of RAM). */
  memoryLimit?: string;
  /** Logins the front end keeps (the editor's secret storage) and where it hears how connections went; CLI: none. */
  logins?: DatabaseLogins;
  /** `--filter [SCHEMA:]PREDICATE`: the tables of the contracts being run are read through these (AND per table). */
  filters?: RowFilter[];
}

/** One `--filter`: a boolean SQL expression, for every table or (`SCHEMA:`) for one schema object. */
export interface RowFilter {
  schema?: string;
  predicate: string;
}

/** The limits a data session applies, without where the data is. */
export type DataLimits = Pick<DataAccessOptions, 'timeoutMs' | 'threads' | 'memoryLimit'>;

export { DEFAULT_QUERY_TIMEOUT_MS };

/** What the editor's settings say, for a file whose data root is `root` (the workspace folder holding it). */
export function dataAccessFromSettings(settings: Settings, root: string): DataAccessOptions {
  return { root: settings.dataRoot ?? root, allowPaths: settings.allowedDataPaths, server: settings.server ?? undefined, ...dataLimitsFromSettings(settings) };
}

export function dataLimitsFromSettings(settings: Settings): DataLimits {
  return { timeoutMs: settings.queryTimeoutMs, threads: settings.duckdbThreads ?? undefined, memoryLimit: settings.duckdbMemoryLimit ?? undefined };
}

/** The limits flags (node:util parseArgs option specs): every command that opens DuckDB has them. */
export const DATA_LIMIT_FLAGS = {
  threads: { type: 'string' },
  'memory-limit': { type: 'string' },
  timeout: { type: 'string' },
  /** Deprecated spelling of --timeout (check and reconcile had it). */
  'timeout-ms': { type: 'string' },
} as const;

/** Every flag of a command that reads a contract's data: where the data is, and the limits. */
export const DATA_FLAGS = {
  server: { type: 'string' },
  root: { type: 'string' },
  'allow-path': { type: 'string', multiple: true },
  filter: { type: 'string', multiple: true },
  ...DATA_LIMIT_FLAGS,
} as const;

export const DATA_LIMIT_FLAGS_USAGE = `  --threads N            DuckDB threads (default: DuckDB's, one per core)
  --memory-limit SIZE    DuckDB memory limit, e.g. 2GB (default: DuckDB's, 80 % of RAM)
  --timeout MS           stop any single query after MS milliseconds (default ${DEFAULT_QUERY_TIMEOUT_MS}; the
                         older spelling --timeout-ms still works)`;

export const DATA_FLAGS_USAGE = `  --server NAME          the server to read (default: the contract's first server of type local, duckdb or postgres)
  --root DIR             data paths must resolve inside DIR (default: the enclosing git repository, else the
                         current folder); symbolic links are followed before the check
  --allow-path PATH      also allow data under PATH (repeatable)
  --filter [SCHEMA:]PREDICATE
                         read only the rows matching PREDICATE, one boolean SQL expression in the server's dialect
                         (e.g. "country = 'DE'"); with SCHEMA: only that schema object's rows. Repeatable (AND)
${DATA_LIMIT_FLAGS_USAGE}`;
