/**
 * Where history goes: `--history PATH` on the command line, else `history:` in the project config file
 * `.contractlens.yaml` (the nearest one in the current folder or a parent, up to the git repository's root):
 *
 *   history: true                          # record into .contractlens/history.duckdb beside this file
 *   history: monitoring/history.duckdb     # or into this file (relative to the config file)
 *   history: false                         # (default) record nothing
 *
 * and which copies of a contract's data `serve` reconciles (the same comparison as `contractlens reconcile`):
 *
 *   reconcile:
 *     - contract: contracts/orders.odcs.yaml   # relative to this file
 *       schema: orders                         # needed when the contract has several schema objects
 *       server: production                     # the reference copy (default: the first local/duckdb server)
 *       against: replica                       # the copy compared with it (required)
 *       columns: [status, amount]              # optional, as --columns
 *       where: "created_at > now() - interval 1 day"   # optional, as --where
 *       segments: 4096                         # optional, as --segments
 *       every: 10m                             # optional; default: the contract's schedule, as its checks
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export const PROJECT_CONFIG = '.contractlens.yaml';
export const DEFAULT_HISTORY = join('.contractlens', 'history.duckdb');

export interface ProjectConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute path of the history store, when the config asks for history. */
  history?: string;
  /** Declared reconciliations (`reconcile:`), in file order. */
  reconcile: DeclaredReconcile[];
}

export interface DeclaredReconcile {
  /** Absolute path of the contract file. */
  contract: string;
  schema?: string;
  server?: string;
  against: string;
  columns?: string[];
  where?: string;
  segments?: number;
  /** The entry's own interval (e.g. `10m`), when given. */
  every?: string;
}

/** The nearest project config, or undefined. A malformed file is an error with the file named (never ignored). */
export function findProjectConfig(cwd: string): ProjectConfig | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, PROJECT_CONFIG);
    if (existsSync(file)) return readProjectConfig(file);
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

export function readProjectConfig(file: string): ProjectConfig {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]}).`);
  }
  if (data === null || data === undefined) return { file, reconcile: [] };
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: expected a mapping such as "history: true".`);
  const reconcile = readReconcile(file, (data as Record<string, unknown>).reconcile);
  const h = (data as Record<string, unknown>).history;
  if (h === undefined || h === false || h === null) return { file, reconcile };
  if (h === true) return { file, history: join(dirname(file), DEFAULT_HISTORY), reconcile };
  if (typeof h === 'string' && h.trim()) return { file, history: resolve(dirname(file), h.trim()), reconcile };
  throw new Error(`${file}: "history" must be true, false or a file path; got ${JSON.stringify(h)}.`);
}

function readReconcile(file: string, value: unknown): DeclaredReconcile[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${file}: "reconcile" must be a list of {contract, against, …} entries.`);
  return value.map((entry: unknown, i) => {
    const where = `${file}: reconcile[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${where} must be a mapping with "contract" and "against".`);
    const e = entry as Record<string, unknown>;
    const known = ['contract', 'schema', 'server', 'against', 'columns', 'where', 'segments', 'every'];
    const unknown = Object.keys(e).find((k) => !known.includes(k));
    if (unknown) throw new Error(`${where}: unknown key "${unknown}" (expected ${known.join(', ')}).`);
    const text = (k: string, required = false): string | undefined => {
      const v = e[k];
      if (v === undefined || v === null) {
        if (required) throw new Error(`${where}: "${k}" is required.`);
        return undefined;
      }
      if (typeof v !== 'string' || !v.trim()) throw new Error(`${where}: "${k}" must be a non-empty string; got ${JSON.stringify(v)}.`);
      return v.trim();
    };
    const columns = e.columns;
    if (columns !== undefined && (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string' || !c.trim()))) throw new Error(`${where}: "columns" must be a list of column names.`);
    const segments = e.segments;
    if (segments !== undefined && (!Number.isInteger(segments) || (segments as number) < 1 || (segments as number) > 1_000_000)) throw new Error(`${where}: "segments" must be a whole number from 1 to 1000000.`);
    return {
      contract: resolve(dirname(file), text('contract', true)!),
      schema: text('schema'),
      server: text('server'),
      against: text('against', true)!,
      columns: (columns as string[] | undefined)?.map((c) => c.trim()),
      where: text('where'),
      segments: segments as number | undefined,
      every: text('every'),
    };
  });
}

/** `--history PATH` wins; then the project config; undefined: no history. */
export function historyPath(option: string | undefined, cwd: string): string | undefined {
  if (option !== undefined) return resolve(cwd, option || DEFAULT_HISTORY);
  return findProjectConfig(cwd)?.history;
}
