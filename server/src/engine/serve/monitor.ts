/**
 * The engine of `contractlens serve`: one job per contract, each on its own schedule, so a slow or failing source
 * delays only its own contract. A job's next run is scheduled when its run finishes, so a run never overlaps itself.
 * Every finished run updates the metrics and is queued for the history store; the queue is flushed by one writer at
 * a time (runs that finished meanwhile are written together in one opening of the file).
 *
 *   const m = new Monitor({ contracts, lookup, check, history, log });
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
}

export interface LatestRun {
  contract: string;
  server: string | null;
  runId: string;
  started: string;
  durationMs: number;
  result: 'passed' | 'failed' | 'error';
  results: CheckResult[];
}

export type RunContract = (contract: Contract, options: { signal: AbortSignal; now: Date }) => Promise<CheckResult[]>;

export interface MonitorOptions {
  contracts: MonitoredContract[];
  run: RunContract;
  /** History store path (undefined: none). */
  history?: string;
  commit: string | null;
  log: (line: string) => void;
}

interface Job extends MonitoredContract {
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
    this.jobs = o.contracts.map((c) => ({ ...c, runs: 0 }));
  }

  /** Runs every contract now, then on its schedule. */
  start(): void {
    for (const job of this.jobs) this.schedule(job, new Date());
  }

  latest(): LatestRun[] {
    return [...this.latestRuns.values()];
  }

  /** Contracts whose run is in progress now. */
  running(): string[] {
    return this.jobs.filter((j) => j.running).map((j) => j.display);
  }

  /** Runs so far, per contract display path. */
  runCounts(): Record<string, number> {
    return Object.fromEntries(this.jobs.map((j) => [j.display, j.runs]));
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
        results = await this.o.run(job.contract, { signal: abort.signal, now: started });
      } catch (e) {
        if (abort.signal.aborted) {
          this.o.log(`${new Date().toISOString()} ${job.display}: run ${runId} cancelled (shutting down)`);
          return;
        }
        throw e;
      }
      const durationMs = Date.now() - started.getTime();
      const finished = new Date();
      job.runs++;
      this.metrics.record({ contract: job.display, results, server: job.server, durationMs, finished });
      const result = runResult(results);
      this.latestRuns.set(job.display, { contract: job.display, server: job.server, runId, started: started.toISOString(), durationMs, result, results });
      if (this.o.history) {
        this.pending.push(historyRecords(results, { runId, time: started, commit: this.o.commit, tool: 'serve', durationMs, serverOf: () => job.server }));
        void this.flush();
      }
      const failed = results.filter((r) => r.status === 'failed').length;
      const errors = results.filter((r) => r.status === 'error').length;
      this.o.log(`${finished.toISOString()} ${job.display} [${job.server ?? 'no server'}] run ${job.runs}: ${results.length} rules, ${failed} failed, ${errors} errors, ${result} in ${(durationMs / 1000).toFixed(2)} s`);
    } catch (e) {
      // A run that throws (never expected: errors become results) is logged; the schedule goes on.
      this.o.log(`${new Date().toISOString()} ${job.display}: run ${runId} failed: ${(e as Error).message}`);
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
