/**
 * Contract Lens metrics: the latest run of each contract, exposed as the families of families.ts. Labels are names
 * from the contract (contract path, schema, property, rule id, server): never a value read from the data, so
 * sensitive columns cannot reach a label.
 *
 *   const m = new ContractMetrics();
 *   m.record({ contract, results, server, durationMs, finished });
 *   const text = await m.exposition();          // OpenMetrics text, for `--format openmetrics` and GET /metrics
 */
import type { CheckResult } from '../data/checks/results.js';
import { createFamilies, STATUS_VALUES, type Families } from './families.js';

export interface ContractRun {
  contract: string;
  results: readonly CheckResult[];
  server: string | null;
  durationMs: number;
  finished: Date;
  /** For a reconciliation: the server compared with `server`. */
  against?: string;
}

/** The run's result label: error when a rule could not run, failed when a rule of severity error failed. */
export function runResult(results: readonly CheckResult[]): 'passed' | 'failed' | 'error' {
  if (results.some((r) => r.status === 'error')) return 'error';
  return results.some((r) => r.status === 'failed') ? 'failed' : 'passed';
}

const RECONCILE_KINDS = new Set(['missing', 'extra', 'changed']);

export class ContractMetrics {
  readonly families: Families = createFamilies();
  /** Latest run per contract (and per compared server for reconciliations). */
  private readonly latest = new Map<string, ContractRun>();

  /** Records a finished run: its counter now, its gauges at the next exposition. */
  record(run: ContractRun): void {
    this.latest.set(run.against ? `${run.contract}\u0000${run.server}\u0000${run.against}` : run.contract, run);
    this.families.runs.inc({ contract: run.contract, result: runResult(run.results) });
  }

  /**
   * Gauges are rebuilt from the latest runs at each exposition, so a rule removed from a contract (or a contract
   * no longer served) disappears instead of showing its last value forever.
   */
  exposition(): Promise<string> {
    const f = this.families;
    for (const g of [f.ruleFailedRows, f.ruleTotalRows, f.ruleStatus, f.ruleObserved, f.freshness, f.reconcileRows, f.reconcileDuplicateRows, f.checkDuration, f.lastRun]) g.reset();
    for (const run of this.latest.values()) setGauges(f, run);
    setLastRun(f, this.latest.values());
    return f.registry.metrics();
  }
}

/** The duplicateKeys result's observed value: `{"<server>": n, "<against>": m}` (both reconcile paths write it). */
function duplicatesPerCopy(observed: unknown): [string, number][] {
  try {
    const o: unknown = typeof observed === 'string' ? JSON.parse(observed) : observed;
    if (!o || typeof o !== 'object') return [];
    return Object.entries(o as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
  } catch {
    return [];
  }
}

function setGauges(f: Families, run: ContractRun): void {
  const server = run.server ?? '';
  for (const r of run.results) {
    const labels = { contract: run.contract, schema: r.schema, property: r.property ?? '', rule: r.rule, kind: r.kind, dimension: r.dimension, server };
    f.ruleStatus.set(labels, STATUS_VALUES[r.status]);
    if (r.failedRows !== null) f.ruleFailedRows.set(labels, r.failedRows);
    if (r.totalRows !== null) f.ruleTotalRows.set(labels, r.totalRows);
    if (typeof r.observed === 'number' && Number.isFinite(r.observed)) f.ruleObserved.set(labels, r.observed);
    if (r.kind === 'latency' && r.ageSeconds !== undefined) f.freshness.set({ contract: run.contract, schema: r.schema, server }, r.ageSeconds);
    const kind = r.rule.slice(r.rule.lastIndexOf('.') + 1);
    if (run.against && r.rule === `${r.schema}.reconcile.${kind}` && RECONCILE_KINDS.has(kind) && r.failedRows !== null) {
      f.reconcileRows.set({ contract: run.contract, schema: r.schema, server, against: run.against, kind }, r.failedRows);
    }
    if (run.against && r.rule === `${r.schema}.reconcile.duplicateKeys`) {
      for (const [copy, rows] of duplicatesPerCopy(r.observed)) f.reconcileDuplicateRows.set({ contract: run.contract, schema: r.schema, server, against: run.against, copy }, rows);
    }
  }
  // A reconciliation's duration is not the checks' (same labels): only check runs set it.
  if (!run.against) for (const schema of new Set(run.results.map((r) => r.schema))) f.checkDuration.set({ contract: run.contract, schema, server }, run.durationMs / 1000);
}

/** The latest finish per contract over its check and reconcile runs. */
function setLastRun(f: Families, runs: Iterable<ContractRun>): void {
  const last = new Map<string, number>();
  for (const run of runs) last.set(run.contract, Math.max(last.get(run.contract) ?? 0, Math.floor(run.finished.getTime() / 1000)));
  for (const [contract, t] of last) f.lastRun.set({ contract }, t);
}
