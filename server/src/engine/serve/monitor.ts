/**
 * The engine of `contractlens serve`: one job per contract, each on its own schedule, so a slow or failing source
 * delays only its own contract. A job's next run is scheduled when its run finishes, so a run never overlaps itself.
 * Every finished run updates the metrics and is queued for the history store; the queue is flushed by one writer at
 * a time (runs that finished meanwhile are written together in one opening of the file).
 *
 * A job is either a contract's checks or a declared reconciliation of two copies of one of its schema objects
 * (project config `reconcile:`); both produce results the same way, and a reconciliation's also feed
 * `contractlens_reconcile_rows`.
 *
 *   const m = new Monitor({ contracts, run, history, commit, log });
 *   m.start();  …  m.latest(); await m.metrics.exposition();  …  await m.stop();
 */
import type { CheckContractsOptions } from '../data/checks/api.js';
import type { CheckResult } from '../data/checks/results.js';
import { historyRecords, newRunId, type HistoryRecord } from '../history/record.js';
import { appendHistoryRuns } from '../history/store.js';
import { ContractMetrics, runResult } from '../metrics/observe.js';
import type { Contract } from '../model/types.js';
import type { ContractLookup } from '../workspace/index.js';
import { nextRun, type Schedule } from './schedule.js';

export interface MonitoredContract {
  contract: Contract;
  /** How results and metrics name it (the path as given). */
  display: string;
  schedule: Schedule;
  server: string | null;
  /** A reconciliation of `schema` between `server` and `against`, instead of the contract's checks. */
  reconcile?: MonitoredReconcile;
}

/** A declared reconciliation (project config `reconcile:`), as `contractlens reconcile` takes it. */
export interface MonitoredReconcile {
  schema: string;
  /** The reference copy as declared (undefined: the contract's default server). */
  server?: string;
  against: string;
  columns?: string[];
  where?: string;
  segments?: number;
}

/** How logs, /healthz and /api/results name a job. */
export function jobLabel(job: MonitoredContract): string {
  return job.reconcile ? `${job.display} reconcile ${job.reconcile.schema} ${job.server ?? '(default)'} vs ${job.reconcile.against}` : job.display;
}

export interface LatestRun {
  contract: string;
  /** For a reconciliation: the job's label and the compared server. */
  job: string;
  against?: string;
  server: string | null;
  runId: string;
  started: string;
  durationMs: number;
  result: 'passed' | 'failed' | 'error';
  results: CheckResult[];
}

export type RunContract = (job: MonitoredContract, options: { signal: AbortSignal; now: Date }) => Promise<CheckResult[]>;

export interface MonitorOptions {
  contracts: MonitoredContract[];
  run: RunContract;
  /** History store path (undefined: none). */
  history?: string;
  commit: string | null;
  log: (line: string) => void;
}

interface Job extends MonitoredContract {
  label: string;
  timer?: NodeJS.Timeout;
  running?: { abort: AbortController; done: Promise<void> };
  runs: number;
}

export class Monitor {
  readonly metrics = new ContractMetrics();
  private readonly jobs: Job[];
  private readonly latestRuns = new Map<string, LatestRun>();
  private pending: HistoryRecord[][] = [];
  private flushing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: MonitorOptions) {
    this.jobs = o.contracts.map((c) => ({ ...c, label: jobLabel(c), runs: 0 }));
  }

  /** Runs every contract now, then on its schedule. */
  start(): void {
    for (const job of this.jobs) this.schedule(job, new Date());
  }

  latest(): LatestRun[] {
    return [...this.latestRuns.values()];
  }

  /** Jobs whose run is in progress now (by label). */
  running(): string[] {
    return this.jobs.filter((j) => j.running).map((j) => j.label);
  }

  /** Runs so far, per job label (a contract's display path for its checks). */
  runCounts(): Record<string, number> {
    return Object.fromEntries(this.jobs.map((j) => [j.label, j.runs]));
  }

  private schedule(job: Job, at: Date): void {
    if (this.stopped) return;
    // setTimeout holds at most ~24.8 days; a later run re-arms itself.
    const delay = Math.min(Math.max(0, at.getTime() - Date.now()), 2 ** 31 - 1);
    job.timer = setTimeout(() => {
      if (Date.now() < at.getTime() - 5) return this.schedule(job, at);
      void this.runJob(job);
    }, delay);
  }

  private async runJob(job: Job): Promise<void> {
    if (this.stopped || job.running) return;
    const abort = new AbortController();
    const started = new Date();
    let finish!: () => void;
    job.running = { abort, done: new Promise<void>((r) => (finish = r)) };
    const runId = newRunId(started);
    try {
      let results: CheckResult[];
      try {
        results = await this.o.run(job, { signal: abort.signal, now: started });
      } catch (e) {
        if (abort.signal.aborted) {
          this.o.log(`${new Date().toISOString()} ${job.label}: run ${runId} cancelled (shutting down)`);
          return;
        }
        throw e;
      }
      const durationMs = Date.now() - started.getTime();
      const finished = new Date();
      job.runs++;
      const against = job.reconcile?.against;
      this.metrics.record({ contract: job.display, results, server: job.server, durationMs, finished, against });
      const result = runResult(results);
      this.latestRuns.set(job.label, { contract: job.display, job: job.label, against, server: job.server, runId, started: started.toISOString(), durationMs, result, results });
      if (this.o.history) {
        this.pending.push(historyRecords(results, { runId, time: started, commit: this.o.commit, tool: 'serve', durationMs, serverOf: () => job.server, contractIdOf: () => job.contract.id?.value?.trim() || null, against }));
        void this.flush();
      }
      const failed = results.filter((r) => r.status === 'failed').length;
      const errors = results.filter((r) => r.status === 'error').length;
      this.o.log(`${finished.toISOString()} ${job.label} [${job.server ?? 'no server'}] run ${job.runs}: ${results.length} rules, ${failed} failed, ${errors} errors, ${result} in ${(durationMs / 1000).toFixed(2)} s`);
    } catch (e) {
      // A run that throws (never expected: errors become results) is logged; the schedule goes on.
      this.o.log(`${new Date().toISOString()} ${job.label}: run ${runId} failed: ${(e as Error).message}`);
    } finally {
      job.running = undefined;
      finish();
      this.schedule(job, nextRun(job.schedule, started, new Date()));
    }
  }

  /** Writes the queued runs; one flush at a time, and runs queued during a flush go in the next one. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const path = this.o.history!;
    this.flushing = (async () => {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        try {
          await appendHistoryRuns(path, batch);
        } catch (e) {
          this.o.log(`${new Date().toISOString()} history: cannot write ${batch.length} run(s) to ${path}: ${(e as Error).message}`);
        }
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stops scheduling, cancels running queries (their DuckDB statements are interrupted), and writes pending history. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs) clearTimeout(job.timer);
    const running = this.jobs.map((j) => j.running).filter((r): r is NonNullable<Job['running']> => !!r);
    for (const r of running) r.abort.abort();
    await Promise.all(running.map((r) => r.done));
    await this.flush();
  }
}

export type { CheckContractsOptions };
