/**
 * The history of one contract file, for the editor: which store holds it and its rules' trends. The store is the
 * one `.contractlens.yaml` names (nearest to the contract), else the nearest `.contractlens/history.duckdb` in the
 * contract's folder or a parent (up to the git root). Records name contracts by the path given on the command line
 * (relative to where it ran), so a record belongs to this file when that path is a suffix of the file's path.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { DEFAULT_HISTORY, findProjectConfig } from './config.js';
import { readHistory } from './store.js';
import { describeChange, ruleTrends, type RuleTrend } from './trend.js';

export function locateHistory(contractPath: string): string | undefined {
  const configured = findProjectConfig(dirname(contractPath))?.history;
  if (configured) return configured;
  for (let dir = dirname(resolve(contractPath)); ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_HISTORY);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

export function recordedAs(contractPath: string, recorded: string): boolean {
  const file = resolve(contractPath);
  const rel = recorded.replace(/[\\/]+/g, sep).replace(/^\.[\\/]/, '');
  return file === resolve(rel) || file.endsWith(sep + rel);
}

export interface ContractTrend extends RuleTrend {
  /** "+118 since the previous run", "no change since the previous run"… */
  changeText: string;
}

export interface ContractHistory {
  /** The store read (undefined: none found). */
  history?: string;
  trends: ContractTrend[];
}

export async function contractHistory(contractPath: string, options: { rule?: string; lastRuns?: number } = {}): Promise<ContractHistory> {
  const history = locateHistory(contractPath);
  if (!history) return { trends: [] };
  const records = (await readHistory(history, { rule: options.rule, lastRuns: options.lastRuns }, { lockTimeoutMs: 10_000 })).filter((r) => recordedAs(contractPath, r.contract));
  return { history, trends: ruleTrends(records, options.lastRuns).map((t) => ({ ...t, changeText: describeChange(t) })) };
}
