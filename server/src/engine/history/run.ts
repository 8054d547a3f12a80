/**
 * Recording one run of `check` / `reconcile` / `serve`: the run's identity (id, start time, git commit) and which
 * server each contract was read from, then one atomic append to the store.
 */
import type { CheckResult } from '../data/checks/results.js';
import { pickServer } from '../data/sources.js';
import { runGit } from '../git/git.js';
import type { Contract } from '../model/types.js';
import { historyRecords, newRunId, type HistoryRecord, type HistoryTool } from './record.js';
import { appendHistory, type StoreOptions } from './store.js';

/** HEAD of the git repository around cwd; null outside a repository or without git. */
export async function gitCommit(cwd: string): Promise<string | null> {
  try {
    const r = await runGit(cwd, ['rev-parse', '--verify', '-q', 'HEAD']);
    const sha = r.stdout.toString('utf8').trim();
    return r.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/** The server each contract is read from: the one asked for, else the one the data layer picks by default. */
export function serverNames(contracts: readonly Contract[], server?: string): (contractUri: string) => string | null {
  const names = new Map(contracts.map((c) => [c.uri, pickServer(c, server).server?.name?.value ?? server ?? null]));
  return (uri) => names.get(uri) ?? server ?? null;
}

/** The `id` of each contract (what the editor matches history records by). */
export function contractIds(contracts: readonly Contract[]): (contractUri: string) => string | null {
  const ids = new Map(contracts.map((c) => [c.uri, c.id?.value?.trim() || null]));
  return (uri) => ids.get(uri) ?? null;
}

export interface RecordRunOptions extends StoreOptions {
  tool: HistoryTool;
  started: Date;
  durationMs: number;
  commit: string | null;
  serverOf: (contractUri: string) => string | null;
  contractIdOf: (contractUri: string) => string | null;
  against?: string;
  runId?: string;
}

export async function recordRun(path: string, results: readonly CheckResult[], o: RecordRunOptions): Promise<HistoryRecord[]> {
  const records = historyRecords(results, { runId: o.runId ?? newRunId(o.started), time: o.started, commit: o.commit, tool: o.tool, durationMs: o.durationMs, serverOf: o.serverOf, contractIdOf: o.contractIdOf, against: o.against });
  await appendHistory(path, records, o);
  return records;
}
