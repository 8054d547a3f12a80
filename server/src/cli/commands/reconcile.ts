/**
 * `contractlens reconcile CONTRACT --schema NAME --server A --against B [--columns c1,c2]`: compares two copies of
 * one schema object (a source and its replica) row by row on the primary key (engine/data/reconcile.ts).
 * Same output formats and exit codes as `check`.
 */
import { uriToPath } from '../../engine/workspace/index.js';
import { integerOption, parseCommandArgs } from '../args.js';
import { DATA_FLAGS, DATA_FLAGS_USAGE, dataAccessOptions, printPathNotes, SENSITIVE_OPTIONS, SENSITIVE_OPTIONS_USAGE, sensitiveOption } from './dataOptions.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { checkExitCode, FAIL_ON_OPTIONS, failOnOption } from '../failOn.js';
import { OPENMETRICS, resolveOutputWithMetrics, writeMetrics } from '../metricsOutput.js';
import { OUTPUT_OPTIONS } from '../output.js';
import { HISTORY_OPTIONS, HISTORY_USAGE, historyTarget, recordCliRun } from '../historyOption.js';
import { loadWorkspace, printResults, RESULT_OPTIONS } from './check.js';

const OPTIONS = { ...OUTPUT_OPTIONS, ...DATA_FLAGS, ...SENSITIVE_OPTIONS, ...RESULT_OPTIONS, ...FAIL_ON_OPTIONS, ...HISTORY_OPTIONS, against: { type: 'string' }, columns: { type: 'string' }, where: { type: 'string' }, segments: { type: 'string' } } as const;

const USAGE = `contractlens reconcile CONTRACT --against SERVER [options]

Matches the rows of two servers of one contract (a source and its replica) on the primary key and reports rows
missing from the second, rows only in the second, and matched rows whose other columns differ (per column).

Options:
  --server NAME          the reference copy (default: the contract's first local/duckdb server)
  --against NAME         the copy to compare with it (required)
  --schema NAME          the schema object (required when the contract has several)
  --columns c1,c2        compare only these columns (default: every declared column)
  --where PREDICATE      compare only the rows matching this boolean expression on both sides (e.g. a time window)
  --segments N           compare by segment checksums, starting with N segments (default 4096); the only way when
                         the copies are on different engines (MySQL/MariaDB ↔ files): only differing segments'
                         rows are transferred, and the report says how many
  --samples N            sample rows per difference (default 5)
  --fail-on LEVEL, -f/--format FORMAT, -o/--output FILE: as for check
${DATA_FLAGS_USAGE.split('\n').slice(1).join('\n')}
${HISTORY_USAGE}
${SENSITIVE_OPTIONS_USAGE}

Exit codes: 0 the copies agree, 1 they differ or a copy cannot be read, 2 usage error (or the history could not be
recorded).`;

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'Compare two copies of a source (e.g. a replica) row by row on the primary key',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const target = resolveOutputWithMetrics(args.values, io);
    const failOn = failOnOption(args.values);
    if (args.positionals.length !== 1) throw new UsageError('give exactly one contract file.');
    if (!args.values.against) throw new UsageError('--against SERVER is required.');
    const samples = integerOption(args.values, 'samples', { min: 0, max: 10_000 }) ?? 5;
    const access = dataAccessOptions(args.values, io);
    const history = historyTarget(args.values, io);
    const ws = await loadWorkspace(args.positionals, io, 'reconcile');
    const started = new Date();
    const t = ws.targets[0];
    if (!t) return EXIT.usage;
    const contract = t.contract;
    const named = contract.schemas.filter((s) => s.name?.value);
    const schema = args.values.schema ? named.find((s) => s.name!.value === args.values.schema) : named.length === 1 ? named[0] : undefined;
    if (!schema) throw new UsageError(args.values.schema ? `no schema object named "${args.values.schema}" in ${t.display}.` : `${t.display} has ${named.length} schema objects: name one with --schema.`);
    if (!contract.servers.some((s) => s.name?.value === args.values.against)) throw new UsageError(`no server named "${args.values.against}" in ${t.display}.`);
    if (args.values.server && !contract.servers.some((s) => s.name?.value === args.values.server)) throw new UsageError(`no server named "${args.values.server}" in ${t.display}.`);
    const segments = integerOption(args.values, 'segments', { min: 1, max: 1_000_000 });
    printPathNotes('reconcile', io, [t], access, [args.values.server, args.values.against]);
    const { reconcileCopies } = await import('../../engine/data/reconcile/copies.js');
    const results = await reconcileCopies({
      ...access,
      contract,
      contractPath: uriToPath(contract.uri) ?? contract.uri,
      schema,
      server: args.values.server,
      against: args.values.against,
      columns: args.values.columns?.split(',').map((c) => c.trim()).filter(Boolean),
      where: args.values.where,
      segments,
      samples,
      sensitive: sensitiveOption(args.values),
      display: t.display,
    });
    const durationMs = Date.now() - started.getTime();
    if (target.format === OPENMETRICS) {
      const { serverNames } = await import('../../engine/history/run.js');
      await writeMetrics(target, { results, started, durationMs, serverOf: serverNames([contract], args.values.server), against: args.values.against }, io);
    } else await printResults('reconcile', results, ws, target, io);
    if (history && !(await recordCliRun(history, results, { tool: 'reconcile', started, durationMs, contracts: [contract], server: args.values.server, against: args.values.against }, io))) return EXIT.usage;
    return checkExitCode(results, failOn);
  },
};
