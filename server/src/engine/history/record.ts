/**
 * One history record per rule per run: what `check`, `reconcile` and `serve` remember about a result. Only counts,
 * statuses and the contract's own thresholds are kept — never samples, messages or any other value read from the
 * data, so a column classified as sensitive cannot leak into the history file, metrics or their labels.
 */
import type { CheckStatus } from '../report/model.js';
import type { CheckResult } from '../data/checks/results.js';

export type HistoryTool = 'check' | 'reconcile' | 'serve';

export interface HistoryRecord {
  runId: string;
  /** When the run started, ISO 8601 UTC. */
  time: string;
  /** HEAD commit of the contracts' git repository, when there is one. */
  commit: string | null;
  tool: HistoryTool;
  contract: string;
  schema: string;
  property: string | null;
  rule: string;
  kind: string;
  dimension: string;
  server: string | null;
  status: CheckStatus;
  severity: string;
  failedRows: number | null;
  totalRows: number | null;
  /** The number the rule compared (metric value, hours of latency…); null when it compared no number. */
  observed: number | null;
  /** The contract's threshold as JSON (it comes from the contract, not the data). */
  threshold: string | null;
  /** Duration of the run (or of the contract's part of it, for `serve`), in ms. */
  durationMs: number;
  /** The contract's `id`: what the editor matches records by (paths move); null when the contract has none. */
  contractId: string | null;
  /** For a reconciliation: the server compared with `server`. */
  against: string | null;
}

export interface RunInfo {
  runId: string;
  time: Date;
  commit: string | null;
  tool: HistoryTool;
  durationMs: number;
  /** The server a contract's results were read from (null when unknown). */
  serverOf: (contractUri: string) => string | null;
  /** The `id` of each contract of the run (null when it has none). */
  contractIdOf: (contractUri: string) => string | null;
  /** For a reconciliation: the server compared with the reference copy. */
  against?: string;
}

/** A run id that sorts by time and does not collide between two processes starting in the same millisecond. */
export function newRunId(time: Date): string {
  return `${time.toISOString().replace(/[-:.]/g, '').replace('T', '-').replace('Z', '')}-${Math.random().toString(36).slice(2, 8)}`;
}

export function historyRecords(results: readonly CheckResult[], run: RunInfo): HistoryRecord[] {
  return results.map((r) => ({
    runId: run.runId,
    time: run.time.toISOString(),
    commit: run.commit,
    tool: run.tool,
    contract: r.contract,
    schema: r.schema,
    property: r.property,
    rule: r.rule,
    kind: r.kind,
    dimension: r.dimension,
    server: run.serverOf(r.contractUri),
    status: r.status,
    severity: r.severity,
    failedRows: r.failedRows,
    totalRows: r.totalRows,
    observed: typeof r.observed === 'number' && Number.isFinite(r.observed) ? r.observed : null,
    threshold: r.threshold === null || r.threshold === undefined ? null : JSON.stringify(r.threshold),
    durationMs: run.durationMs,
    contractId: run.contractIdOf(r.contractUri),
    against: run.against ?? null,
  }));
}
