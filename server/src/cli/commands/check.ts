/**
 * `contractlens check [paths] [--server NAME] [--schema NAME] [--format text|json|…] [--now ISO] [--samples N]
 * [--failed-rows DIR]`: runs every rule of the contracts against their data with DuckDB (engine/data/checks).
 *
 * Exit codes: 0 no rule of severity error failed, 1 a rule of severity error failed or could not run (its data
 * missing or unreadable), 2 usage error or unreadable contract.
 */
import { mkdirSync, promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckContractsResult } from '../../engine/data/checks/api.js';
import type { RuleKind } from '../../engine/data/checks/plan.js';
import { renderCheckText, resultEntries } from '../../engine/data/checks/report.js';
import { summarize, type CheckResult } from '../../engine/data/checks/results.js';
import { isContract } from '../../engine/model/detect.js';
import type { Contract } from '../../engine/model/types.js';
import type { ReportLocation } from '../../engine/report/model.js';
import { LineIndex } from '../../engine/text/lineIndex.js';
import { readContractFile } from '../../engine/workspace/files.js';
import { WorkspaceIndex } from '../../engine/workspace/index.js';
import { integerOption, parseCommandArgs } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { checkExitCode, FAIL_ON_OPTIONS, failOnOption } from '../failOn.js';
import { resolveInputs } from '../inputs.js';
import { OUTPUT_OPTIONS, resolveOutput, writeOutput } from '../output.js';
import { textStyle } from '../render/colors.js';
import { displayPath } from '../render/fromFindings.js';
import { OPENMETRICS, resolveOutputWithMetrics, writeMetrics } from '../metricsOutput.js';
import { HISTORY_OPTIONS, HISTORY_USAGE, historyTarget, recordCliRun } from '../historyOption.js';
import { DATA_FLAGS, DATA_FLAGS_USAGE, dataAccessOptions, SENSITIVE_OPTIONS, SENSITIVE_OPTIONS_USAGE, sensitiveOption } from './dataOptions.js';

/** The flags check and reconcile share beyond the data flags. */
export const RESULT_OPTIONS = { schema: { type: 'string' }, samples: { type: 'string' } } as const;

const OPTIONS = { ...OUTPUT_OPTIONS, ...DATA_FLAGS, ...SENSITIVE_OPTIONS, ...RESULT_OPTIONS, ...FAIL_ON_OPTIONS, ...HISTORY_OPTIONS, now: { type: 'string' }, 'failed-rows': { type: 'string' }, only: { type: 'string' } } as const;

const KINDS = ['presence', 'type', 'required', 'unique', 'primaryKey', 'option', 'enum', 'metric', 'sql', 'relationship', 'latency', 'retention'];

const USAGE = `contractlens check [paths…] [options]      (also: contractlens test, as in datacontract-cli)

Runs every rule of the contracts against their data with DuckDB: presence, types, required, unique, primary keys,
logicalTypeOptions, enum, ODCS quality metrics and SQL rules, relationships across contracts, latency and retention
SLAs. Each table is scanned once for all its single-table rules. Default path: the current folder.

Options:
  --schema NAME          only this schema object
  --now ISO              reference time of latency/retention rules (default: now), e.g. 2026-01-31T00:00:00Z
  --samples N            failing sample rows per failed rule (default 5, 0 for none)
  --failed-rows DIR      write every failing row of each failed rule to DIR/<rule>.parquet
  --only KINDS           only these rule kinds, comma-separated: presence, type, required, unique, primaryKey,
                         option (logicalTypeOptions), enum, metric (quality metrics), sql, relationship, latency, retention
${DATA_FLAGS_USAGE}
  --fail-on LEVEL        exit 1 on failed rules of severity LEVEL or above: error (default), warning, never
${HISTORY_USAGE}
  -f, --format FORMAT    text (default), json, sarif, junit, github, markdown, openmetrics (Prometheus metrics)
  -o, --output FILE      write the report to FILE
${SENSITIVE_OPTIONS_USAGE}

Exit codes: 0 no rule of severity error failed, 1 one did (or its data could not be read), 2 usage error (or the
history could not be recorded).`;

export interface LoadedWorkspace {
  index: WorkspaceIndex;
  /** The contracts named by the arguments, with their display paths and text. */
  targets: { contract: Contract; display: string; text: string }[];
  problems: string[];
}

/** Reads the contracts of the arguments, plus the contracts beside them (relationship targets), into one index. */
export async function loadWorkspace(paths: string[], io: CliIO, command: string): Promise<LoadedWorkspace> {
  const inputs = await resolveInputs(paths, io.cwd);
  const problems = [...inputs.unreadable.map((u) => `cannot read ${u.arg}: ${u.reason}.`), ...inputs.unmatched.map((u) => `no contract found in ${u.arg}.`)];
  const index = new WorkspaceIndex();
  const targets: LoadedWorkspace['targets'] = [];
  for (const file of inputs.files) {
    const read = await readContractFile(file);
    if (!read.ok) {
      problems.push(read.message);
      continue;
    }
    const doc = index.set(read.uri, read.text);
    if (doc.contract) targets.push({ contract: doc.contract, display: displayPath(file, io.cwd), text: read.text });
    else problems.push(`${displayPath(file, io.cwd)} is not a contract.`);
  }
  for (const dir of new Set(inputs.files.map((f) => dirname(f)))) {
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const file = join(dir, name);
      const uri = pathToFileURL(file).toString();
      if (index.has(uri) || !/\.ya?ml$/i.test(name)) continue;
      const read = await readContractFile(file);
      if (read.ok && isContract(file, read.text)) index.set(uri, read.text);
    }
  }
  for (const p of problems) io.stderr(`contractlens ${command}: ${p}\n`);
  return { index, targets, problems };
}

export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now expects an ISO date or time (e.g. 2026-01-31T00:00:00Z), got "${value}".`);
  return d;
}

/** Where a result's rule is written in its contract (1-based), for SARIF/GitHub annotations. */
export function resultLocator(targets: LoadedWorkspace['targets']): (r: CheckResult) => ReportLocation | undefined {
  const lines = new Map<string, { display: string; index: LineIndex }>();
  for (const t of targets) lines.set(t.contract.uri, { display: t.display, index: new LineIndex(t.text) });
  return (r) => {
    const l = lines.get(r.contractUri);
    if (!l || !r.range) return undefined;
    const s = l.index.positionAt(r.range.start);
    const e = l.index.positionAt(r.range.end);
    return { path: l.display, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  };
}

/** Prints results in the chosen format: the check text report, the documented JSON, or a CI format. */
export async function printResults(tool: 'check' | 'reconcile', results: CheckResult[], ws: LoadedWorkspace, target: ReturnType<typeof resolveOutput>, io: CliIO, timing?: CheckContractsResult['timing']): Promise<void> {
  const strip = (r: CheckResult) => {
    const { contractUri: _u, range: _r, ...rest } = r;
    return rest;
  };
  // timing: opening the sources (loading DuckDB's module included, also given apart) and running the checks, in ms
  // (bench/checks.mjs reads it).
  const json = { results: results.map(strip), summary: summarize(results), ...(timing ? { timing } : {}) };
  if (target.format === 'text') {
    const text = renderCheckText(results, { title: tool === 'check' ? 'Checks' : 'Reconciliation', style: textStyle(io.color && !target.file) });
    if (target.file) await fs.writeFile(target.file, text, 'utf8');
    else io.stdout(text);
    return;
  }
  const report = resultEntries(tool, results, resultLocator(ws.targets), ws.targets.map((t) => t.display));
  await writeOutput(target, { report, json }, io);
}

export const checkCommand: Command = {
  name: 'check',
  aliases: ['test'],
  summary: 'Run the contracts\' quality rules against their data (DuckDB, one scan per table)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const target = resolveOutputWithMetrics(args.values, io);
    const failOn = failOnOption(args.values);
    const samples = integerOption(args.values, 'samples', { min: 0, max: 10_000 }) ?? 5;
    const access = dataAccessOptions(args.values, io);
    const now = parseNow(args.values.now);
    const failedRowsDir = args.values['failed-rows'] ? resolve(io.cwd, args.values['failed-rows']) : undefined;
    if (failedRowsDir) mkdirSync(failedRowsDir, { recursive: true });
    const only = args.values.only?.split(',').map((k) => k.trim()).filter(Boolean);
    const unknown = only?.filter((k) => !KINDS.includes(k));
    if (unknown?.length) throw new UsageError(`--only: unknown rule kind ${unknown.join(', ')}; kinds: ${KINDS.join(', ')}.`);

    const history = historyTarget(args.values, io);
    const ws = await loadWorkspace(args.positionals, io, 'check');
    if (ws.problems.length && !ws.targets.length) return EXIT.usage;
    const started = new Date();
    const displays = new Map(ws.targets.map((t) => [t.contract.uri, t.display]));
    // Loaded here, not at the top: DuckDB's native module costs ~120 ms to load, which other commands must not pay.
    const { checkContracts } = await import('../../engine/data/checks/api.js');
    const { results, timing, sourceErrors, notes } = await checkContracts(ws.targets.map((t) => t.contract), ws.index, {
      ...access,
      cwd: io.cwd,
      schema: args.values.schema,
      now,
      samples,
      failedRowsDir,
      only: only as RuleKind[] | undefined,
      sensitive: sensitiveOption(args.values),
      display: (c) => displays.get(c.uri) ?? c.uri,
    });
    for (const n of notes) io.stderr(`contractlens check: info: ${displays.get(n.contractUri) ?? n.contractUri}: ${n.message}\n`);
    // A contract with no schema object to attach its source problem to still says what is wrong.
    for (const e of sourceErrors) {
      if (!results.some((r) => r.contractUri === e.contractUri && r.status === 'error')) io.stderr(`contractlens check: ${displays.get(e.contractUri) ?? e.contractUri}: ${e.message}\n`);
    }
    if (args.values.schema && results.length === 0) throw new UsageError(`no schema object named "${args.values.schema}" in the given contracts.`);
    const durationMs = Date.now() - started.getTime();
    const contracts = ws.targets.map((t) => t.contract);
    if (target.format === OPENMETRICS) {
      const { serverNames } = await import('../../engine/history/run.js');
      await writeMetrics(target, { results, started, durationMs, serverOf: serverNames(contracts, args.values.server) }, io);
    } else await printResults('check', results, ws, target, io, timing);
    const recorded = !history || (await recordCliRun(history, results, { tool: 'check', started, durationMs, contracts, server: args.values.server }, io));
    if (ws.problems.length || !recorded) return EXIT.usage;
    return checkExitCode(results, failOn);
  },
};
