/**
 * `--history PATH` of `check` and `reconcile` (and the project config's `history:`): where a run is recorded. The
 * results are printed first; a history file that cannot be written is reported after them and the command exits 2.
 */
import type { CheckResult } from '../engine/data/checks/results.js';
import { historyPath } from '../engine/history/config.js';
import type { Contract } from '../engine/model/types.js';
import type { CliIO } from './command.js';
import { UsageError } from './command.js';

export const HISTORY_OPTIONS = { history: { type: 'string' } } as const;

export const HISTORY_USAGE = `  --history PATH         record every result into the history store PATH (DuckDB; default from the project
                         config .contractlens.yaml "history:"); read it with contractlens history`;

export function historyTarget(values: { history?: string }, io: Pick<CliIO, 'cwd'>): string | undefined {
  try {
    return historyPath(values.history, io.cwd);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export interface CliRun {
  tool: 'check' | 'reconcile';
  started: Date;
  durationMs: number;
  contracts: Contract[];
  server?: string;
  /** reconcile: the server compared with the reference copy. */
  against?: string;
}

/** Records the run; false (after a message on stderr) when the store could not be written. */
export async function recordCliRun(path: string, results: CheckResult[], run: CliRun, io: CliIO): Promise<boolean> {
  const { recordRun, gitCommit, serverNames, contractIds } = await import('../engine/history/run.js');
  try {
    await recordRun(path, results, { tool: run.tool, started: run.started, durationMs: run.durationMs, commit: await gitCommit(io.cwd), serverOf: serverNames(run.contracts, run.server), contractIdOf: contractIds(run.contracts), against: run.against });
    return true;
  } catch (e) {
    io.stderr(`contractlens ${run.tool}: cannot record history in ${path}: ${(e as Error).message}\n`);
    return false;
  }
}
