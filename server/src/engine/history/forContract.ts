/**
 * The history of one contract file, for the editor: which store holds it and its rules' trends. The store is the
 * one `.contractlens.yaml` names (nearest to the contract), else the nearest `.contractlens/history.duckdb` in the
 * contract's folder or a parent (up to the git root).
 *
 * A record belongs to the contract when it carries the contract's `id` (recorded since the store's third version:
 * the identity survives moving or renaming the file). A record without an id (older stores, or a contract without
 * `id`) names the contract by the path given on the command line, relative to where it ran: it belongs to the file
 * when that path, taken from the project root (the folder of `.contractlens.yaml`, or the one holding
 * `.contractlens/`), is exactly the file's path.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_HISTORY, findProjectConfig } from './config.js';
import type { HistoryRecord } from './record.js';
import { readHistory } from './store.js';
import { describeChange, ruleTrends, type RuleTrend } from './trend.js';

export interface HistoryLocation {
  /** The store file. */
  path: string;
  /** The folder recorded relative paths are taken from. */
  root: string;
}

export function locateHistoryStore(contractPath: string): HistoryLocation | undefined {
  const config = findProjectConfig(dirname(contractPath));
  if (config?.history) return { path: config.history, root: dirname(config.file) };
  for (let dir = dirname(resolve(contractPath)); ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_HISTORY);
    if (existsSync(candidate)) return { path: candidate, root: dir };
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

export function locateHistory(contractPath: string): string | undefined {
  return locateHistoryStore(contractPath)?.path;
}

/** Whether a record is one of this contract's (see the file comment). */
export function belongsTo(record: Pick<HistoryRecord, 'contract' | 'contractId'>, contract: { path: string; id?: string | null }, root: string): boolean {
  if (record.contractId !== null) return !!contract.id && record.contractId === contract.id;
  return resolve(root, record.contract) === resolve(contract.path);
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

/** The trends of the contract at `contractPath` whose `id` is `contractId` (undefined when it has none). */
export async function contractHistory(contractPath: string, contractId: string | undefined, options: { rule?: string; lastRuns?: number } = {}): Promise<ContractHistory> {
  const store = locateHistoryStore(contractPath);
  if (!store) return { trends: [] };
  const me = { path: contractPath, id: contractId?.trim() || null };
  const records = (await readHistory(store.path, { rule: options.rule, lastRuns: options.lastRuns }, { lockTimeoutMs: 10_000 }))
    .filter((r) => belongsTo(r, me, store.root))
    // All of them are this contract's: records from before ids were recorded join the same trends as the newer ones.
    .map((r) => ({ ...r, contractId: me.id ?? r.contractId }));
  return { history: store.path, trends: ruleTrends(records, options.lastRuns).map((t) => ({ ...t, changeText: describeChange(t) })) };
}
