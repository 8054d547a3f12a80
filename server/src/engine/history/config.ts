/**
 * Where history goes: `--history PATH` on the command line, else `history:` in the project config file
 * `.contractlens.yaml` (the nearest one in the current folder or a parent, up to the git repository's root):
 *
 *   history: true                          # record into .contractlens/history.duckdb beside this file
 *   history: monitoring/history.duckdb     # or into this file (relative to the config file)
 *   history: false                         # (default) record nothing
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
  if (data === null || data === undefined) return { file };
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: expected a mapping such as "history: true".`);
  const h = (data as Record<string, unknown>).history;
  if (h === undefined || h === false || h === null) return { file };
  if (h === true) return { file, history: join(dirname(file), DEFAULT_HISTORY) };
  if (typeof h === 'string' && h.trim()) return { file, history: resolve(dirname(file), h.trim()) };
  throw new Error(`${file}: "history" must be true, false or a file path; got ${JSON.stringify(h)}.`);
}

/** `--history PATH` wins; then the project config; undefined: no history. */
export function historyPath(option: string | undefined, cwd: string): string | undefined {
  if (option !== undefined) return resolve(cwd, option || DEFAULT_HISTORY);
  return findProjectConfig(cwd)?.history;
}
