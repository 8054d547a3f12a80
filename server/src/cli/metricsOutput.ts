/**
 * `--format openmetrics` of `check` and `reconcile`: the run as Prometheus metrics (the families `serve` exposes on
 * /metrics), e.g. for node_exporter's textfile collector or a push to a Pushgateway. Only these two commands have
 * metrics, so the format is handled here rather than in the renderer registry every command shares.
 */
import { promises as fs } from 'node:fs';
import type { CheckResult } from '../engine/data/checks/results.js';
import type { CliIO } from './command.js';
import { UsageError } from './command.js';
import { resolveOutput, type OutputTarget } from './output.js';
import { resolve } from 'node:path';

export const OPENMETRICS = 'openmetrics';

/** Like resolveOutput, plus `openmetrics` (also chosen by an `--output` ending in .prom). */
export function resolveOutputWithMetrics(values: { format?: string; output?: string }, io: Pick<CliIO, 'cwd'>): OutputTarget {
  if (values.format === OPENMETRICS || (!values.format && values.output?.toLowerCase().endsWith('.prom'))) {
    return { format: OPENMETRICS, file: values.output ? resolve(io.cwd, values.output) : undefined };
  }
  return resolveOutput(values, io);
}

export interface MetricsRun {
  results: CheckResult[];
  started: Date;
  durationMs: number;
  serverOf: (contractUri: string) => string | null;
  against?: string;
}

export async function writeMetrics(target: OutputTarget, run: MetricsRun, io: CliIO): Promise<void> {
  const { ContractMetrics } = await import('../engine/metrics/observe.js');
  const metrics = new ContractMetrics();
  const byContract = new Map<string, CheckResult[]>();
  for (const r of run.results) byContract.set(r.contractUri, [...(byContract.get(r.contractUri) ?? []), r]);
  const finished = new Date(run.started.getTime() + run.durationMs);
  for (const [uri, results] of byContract) {
    metrics.record({ contract: results[0].contract, results, server: run.serverOf(uri), durationMs: run.durationMs, finished, against: run.against });
  }
  const text = await metrics.exposition();
  if (!target.file) return io.stdout(text);
  try {
    await fs.writeFile(target.file, text, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot write --output ${target.file}: ${(e as Error).message}`);
  }
}
