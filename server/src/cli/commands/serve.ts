/**
 * `contractlens serve [paths] [--every 5m] [--listen 127.0.0.1:9465] [--history PATH]`: runs the contracts' checks on
 * their schedules (engine/serve), records every run in the history store, and serves /metrics, /healthz and
 * /api/results. SIGTERM or SIGINT cancels running queries, writes pending history, and exits 0.
 */
import { resolve } from 'node:path';
import { historyPath, DEFAULT_HISTORY, findProjectConfig, type DeclaredReconcile } from '../../engine/history/config.js';
import { uriToPath } from '../../engine/workspace/index.js';
import type { MonitoredContract } from '../../engine/serve/monitor.js';
import { contractSchedule, parseInterval } from '../../engine/serve/schedule.js';
import { parseCommandArgs } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { loadWorkspace } from './check.js';
import { DATA_FLAGS, DATA_FLAGS_USAGE, dataAccessOptions } from './dataOptions.js';
import { parseListen, startHttp } from '../serveHttp.js';

const OPTIONS = {
  every: { type: 'string' },
  listen: { type: 'string' },
  history: { type: 'string' },
  ...DATA_FLAGS,
} as const;

/** A daemon's checks run beside other work: queries get longer than the editor's, and one thread unless told. */
const SERVE_TIMEOUT_MS = 600_000;
const SERVE_THREADS = 1;

export const DEFAULT_LISTEN = '127.0.0.1:9465';

const USAGE = `contractlens serve [paths…] [options]

Runs the checks of the contracts on a schedule, records every run in the history store and serves:
  /metrics       Prometheus metrics (the families listed in docs/monitoring.md)
  /healthz       {"status":"ok", runs per contract}
  /api/results   the latest run of each contract as JSON (counts and statuses, no sample rows)

Each contract runs on its own schedule: its SLA "scheduler: cron" + "schedule" (UTC), else its SLA "frequency",
else --every. A slow or failing source delays only its own contract; a run never overlaps itself. One log line per
run on stderr. SIGTERM/SIGINT cancel running queries, write pending history and exit 0.

The project config .contractlens.yaml may declare copies to reconcile ("reconcile:", see docs/monitoring.md): each
is compared on its own schedule (its "every", else its contract's) like \`contractlens reconcile\`, recorded in the
history and served as contractlens_reconcile_rows{contract,schema,server,against,kind}.

Options:
  --every DURATION       default interval, e.g. 30s, 5m (default), 1h
  --listen HOST:PORT     where to serve (default ${DEFAULT_LISTEN}; loopback unless you say otherwise)
  --history PATH         history store (default: from .contractlens.yaml, else ${DEFAULT_HISTORY})
${DATA_FLAGS_USAGE.replace('(default 30000;', `(default ${SERVE_TIMEOUT_MS} for serve;`).replace("(default: DuckDB's, one per core)", `per run (default ${SERVE_THREADS} for serve)`)}

Exit codes: 0 stopped by a signal, 2 usage error (no contract, bad option, port in use).`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the checks on a schedule; serve Prometheus /metrics, /healthz and /api/results',
  usage: USAGE,
  async run(argv, io: CliIO) {
    const args = parseCommandArgs(argv, OPTIONS);
    const everyMs = parseInterval(args.values.every ?? '5m');
    if (!everyMs) throw new UsageError(`--every expects a duration of at least 1s such as 30s, 5m or 1h, got "${args.values.every}".`);
    const listen = parseListen(args.values.listen ?? DEFAULT_LISTEN);
    if (!listen) throw new UsageError(`--listen expects HOST:PORT such as 127.0.0.1:9465, got "${args.values.listen}".`);
    const flags = dataAccessOptions(args.values, io, SERVE_TIMEOUT_MS);
    const access = { ...flags, threads: flags.threads ?? SERVE_THREADS };
    let history: string;
    try {
      history = historyPath(args.values.history, io.cwd) ?? resolve(io.cwd, DEFAULT_HISTORY);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const ws = await loadWorkspace(args.positionals, io, 'serve');
    if (!ws.targets.length) return EXIT.usage;
    const { checkContracts } = await import('../../engine/data/checks/api.js');
    const { serverNames, gitCommit } = await import('../../engine/history/run.js');
    const { Monitor, jobLabel } = await import('../../engine/serve/monitor.js');
    const serverOf = serverNames(ws.targets.map((t) => t.contract), args.values.server);
    const displays = new Map(ws.targets.map((t) => [t.contract.uri, t.display]));
    const contracts: MonitoredContract[] = ws.targets.map((t) => {
      const problems: string[] = [];
      const schedule = contractSchedule(t.contract, everyMs, problems);
      for (const p of problems) io.stderr(`contractlens serve: ${t.display}: ${p}\n`);
      return { contract: t.contract, display: t.display, schedule, server: serverOf(t.contract.uri) };
    });
    let declared: DeclaredReconcile[];
    try {
      declared = findProjectConfig(io.cwd)?.reconcile ?? [];
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    contracts.push(...declared.map((d, i) => reconcileJob(d, i, ws.targets, everyMs, serverNames)));
    const { reconcileCopies } = await import('../../engine/data/reconcile/copies.js');
    const monitor = new Monitor({
      contracts,
      history,
      commit: await gitCommit(io.cwd),
      log: (line) => io.stderr(line + '\n'),
      run: async (job, { signal, now }) => {
        const r = job.reconcile;
        if (r) {
          const schema = job.contract.schemas.find((s) => s.name?.value === r.schema)!;
          // A declared pair names its own servers: --server applies to the checks only.
          return reconcileCopies({ ...access, server: undefined, ...r, contract: job.contract, contractPath: uriToPath(job.contract.uri) ?? job.contract.uri, schema, samples: 0, display: job.display, signal });
        }
        return (await checkContracts([job.contract], ws.index, { ...access, now, samples: 0, signal, display: (c) => displays.get(c.uri) ?? c.uri })).results;
      },
    });
    const started = new Date();
    let http;
    try {
      http = await startHttp(monitor, listen, started);
    } catch (e) {
      throw new UsageError(`cannot listen on ${listen.host}:${listen.port}: ${(e as Error).message}`);
    }
    io.stderr(`contractlens serve: ${ws.targets.length} contract(s)${declared.length ? ` and ${declared.length} reconciliation(s)` : ''} on http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}/metrics; history in ${history}\n`);
    for (const c of contracts) io.stderr(`  ${jobLabel(c)}: ${c.schedule.kind === 'cron' ? `cron ${c.schedule.expr}` : `every ${c.schedule.ms / 1000} s`} (${c.schedule.source})\n`);
    monitor.start();
    const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
      const on = (s: NodeJS.Signals) => resolveSignal(s);
      process.once('SIGTERM', on);
      process.once('SIGINT', on);
    });
    io.stderr(`contractlens serve: ${signal}: stopping (cancelling running queries, writing history)\n`);
    await monitor.stop();
    await new Promise<void>((r) => {
      http.close(() => r());
      http.closeAllConnections();
    });
    io.stderr('contractlens serve: stopped\n');
    return EXIT.clean;
  },
};

type Target = { contract: MonitoredContract['contract']; display: string };

/** A declared reconciliation as a job: its contract must be one of those served, its schema and servers declared. */
function reconcileJob(d: DeclaredReconcile, index: number, targets: readonly Target[], everyMs: number, serverNames: (c: MonitoredContract['contract'][], server?: string) => (uri: string) => string | null) {
  const where = `.contractlens.yaml reconcile[${index}]`;
  const t = targets.find((x) => resolve(uriToPath(x.contract.uri) ?? '') === d.contract);
  if (!t) throw new UsageError(`${where}: ${d.contract} is not one of the contracts served (give its folder or file to serve).`);
  const named = t.contract.schemas.filter((s) => s.name?.value);
  const schema = d.schema ? named.find((s) => s.name!.value === d.schema) : named.length === 1 ? named[0] : undefined;
  if (!schema) throw new UsageError(d.schema ? `${where}: no schema object named "${d.schema}" in ${t.display}.` : `${where}: ${t.display} has ${named.length} schema objects: name one with "schema".`);
  for (const name of [d.server, d.against]) {
    if (name !== undefined && !t.contract.servers.some((s) => s.name?.value === name)) throw new UsageError(`${where}: no server named "${name}" in ${t.display}.`);
  }
  let schedule = contractSchedule(t.contract, everyMs);
  if (d.every !== undefined) {
    const ms = parseInterval(d.every);
    if (!ms) throw new UsageError(`${where}: "every" expects a duration of at least 1s such as 30s, 5m or 1h, got "${d.every}".`);
    schedule = { kind: 'every', ms, source: 'reconcile "every"' };
  }
  return { contract: t.contract, display: t.display, schedule, server: serverNames([t.contract], d.server)(t.contract.uri), reconcile: { schema: schema.name!.value, server: d.server, against: d.against, columns: d.columns, where: d.where, segments: d.segments } };
}
