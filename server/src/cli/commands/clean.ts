/**
 * `contractlens clean CONTRACT… --out DIR [--format parquet|csv|jsonl] …`: writes a copy of each schema object's data
 * that conforms to its contract, a quarantine of the rows that cannot, and a report of every decision
 * (engine/data/clean). The source is only read.
 *
 * Exit codes: 0 cleaned (rows may have been quarantined: see the report), 1 a table could not be read or cleaned,
 * 2 usage error, unreadable contract or a refused output (existing files, --out = the source folder).
 */
import { textStyle } from '../render/colors.js';
import { resolve } from 'node:path';
import { CleanRefused, type CleanFormat, type DateFormatOption, type FillOption } from '../../engine/data/clean/types.js';
import { choiceOption, integerOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { loadWorkspace, parseNow } from './check.js';
import { DATA_FLAGS, DATA_FLAGS_USAGE, dataAccessOptions, printPathNotes } from './dataOptions.js';

const OPTIONS = {
  ...DATA_FLAGS,
  schema: { type: 'string', short: 's' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  'keep-latest': { type: 'string' },
  fill: { type: 'string', multiple: true },
  'date-format': { type: 'string', multiple: true },
  'drop-extra-columns': { type: 'boolean' },
  'strict-references': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  limit: { type: 'string', short: 'n' },
  now: { type: 'string' },
  force: { type: 'boolean' },
  'include-pii': { type: 'boolean' },
  report: { type: 'string' },
} as const;

const FORMATS = ['parquet', 'csv', 'jsonl'] as const;

/** A clean rewrites whole tables: a longer default timeout, as the editor's contractlens/clean applies. */
const CLEAN_TIMEOUT_MS = 600_000;

const USAGE = `contractlens clean CONTRACT… --out DIR [options]

Writes a copy of each schema object's data that conforms to its contract, in one DuckDB pass per schema object:
  DIR/<schema>.<ext>             the rows that conform, standardised: the contract's columns in its order, names
                                 and physical types; dates and times parsed (declared format, else ISO 8601) and
                                 written in ISO 8601 (or the declared format for text columns); timestamps with an
                                 offset converted to UTC; values equal to a declared enum/validValues value up to
                                 case and surrounding spaces rewritten to it; duplicates on the primary key removed
  DIR/<schema>.quarantine.<ext>  every row that cannot conform, with its original values, _violations (the rule ids
                                 of check) and _source_row (1-based data row of the source)
  DIR/clean-report.json, .txt    rows read, written, quarantined and deduplicated; values changed per column and
                                 kind of change, with examples (PII columns masked); every decision taken
The source is only read. Nothing is written under its final name until every output is complete.

Options:
  -o, --out DIR                the output folder (created if missing; not the source's folder unless --force)
  -f, --format FORMAT          parquet (default), csv or jsonl
  -s, --schema NAME            only this schema object
      --keep-latest COLUMN     among rows sharing a primary key keep the newest by COLUMN (default: the first)
      --fill COLUMN=VALUE      write VALUE where COLUMN is null (SCHEMA.COLUMN=VALUE for one schema object; repeatable)
      --date-format COLUMN=FMT also accept dates/times in FMT (e.g. signup_date=dd/MM/yyyy; repeatable)
      --drop-extra-columns     drop source columns the contract does not declare (default: kept, with a warning)
      --strict-references      quarantine rows whose relationship reference has no match among the cleaned rows
      --dry-run                read and report only; write nothing
  -n, --limit N                only the first N rows of each source (try on a sample first)
      --now ISO                reference time of retention rules (default: now)
      --force                  overwrite existing outputs; allow --out to be the source's folder
      --include-pii            show values of sensitive columns in the report's examples
      --report text|json       what to print (default text; the files hold both)
${DATA_FLAGS_USAGE.replace('(default 30000;', '(default 600000 for clean;')}

Exit codes: 0 cleaned (see the report for quarantined rows), 1 a table could not be read or cleaned,
2 usage error, unreadable contract, or a refused output (existing files, --out is the source folder).`;

function assignments(values: string[] | undefined, option: string): { schema?: string; column: string; value: string }[] {
  return (values ?? []).map((raw) => {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} expects COLUMN=VALUE (or SCHEMA.COLUMN=VALUE), got "${raw}".`);
    const target = raw.slice(0, eq).trim();
    const dot = target.indexOf('.');
    return dot > 0 ? { schema: target.slice(0, dot), column: target.slice(dot + 1), value: raw.slice(eq + 1) } : { column: target, value: raw.slice(eq + 1) };
  });
}

export const cleanCommand: Command = {
  name: 'clean',
  summary: 'Write a copy of the data that conforms to the contract, plus a quarantine with reasons',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const format: CleanFormat = choiceOption(args.values, 'format', FORMATS) ?? 'parquet';
    const reportFormat = choiceOption(args.values, 'report', ['text', 'json'] as const) ?? 'text';
    const limit = integerOption(args.values, 'limit', { min: 1 });
    const dryRun = args.values['dry-run'] === true;
    if (!args.values.out && !dryRun) throw new UsageError('clean needs --out DIR (or --dry-run for the report alone).');
    if (!args.positionals.length) throw new UsageError('clean needs a contract (a file or a folder of contracts).');
    const fills: FillOption[] = assignments(args.values.fill, 'fill');
    const dateFormats: DateFormatOption[] = assignments(args.values['date-format'], 'date-format').map((a) => ({ schema: a.schema, column: a.column, format: a.value }));
    const now = parseNow(args.values.now);
    const access = dataAccessOptions(args.values, io, CLEAN_TIMEOUT_MS);

    const ws = await loadWorkspace(args.positionals, io, 'clean');
    if (ws.problems.length || !ws.targets.length) return EXIT.usage;
    const displays = new Map(ws.targets.map((t) => [t.contract.uri, t.display]));
    printPathNotes('clean', io, ws.targets, access);
    // Loaded here, not at the top: DuckDB's native module costs ~120 ms to load, which other commands must not pay.
    const { cleanContracts } = await import('../../engine/data/clean/run.js');
    const { renderCleanText } = await import('../../engine/data/clean/report.js');
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    try {
      const report = await cleanContracts(ws.targets.map((t) => t.contract), ws.index, {
        ...access,
        timeoutMs: access.timeoutMs,
        schema: args.values.schema,
        outDir: args.values.out ? resolve(io.cwd, args.values.out) : undefined,
        format,
        keepLatest: args.values['keep-latest'],
        fills,
        dateFormats,
        dropExtraColumns: args.values['drop-extra-columns'] === true,
        strictReferences: args.values['strict-references'] === true,
        dryRun,
        limit,
        force: args.values.force === true,
        now,
        includeSensitive: args.values['include-pii'] === true,
        signal: controller.signal,
        display: (c) => displays.get(c.uri) ?? c.uri,
      });
      io.stdout(reportFormat === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderCleanText(report, { style: textStyle(io.color) }));
      return report.errors.length || report.tables.some((t) => t.error) ? EXIT.findings : EXIT.clean;
    } catch (e) {
      if (e instanceof CleanRefused) {
        io.stderr(`contractlens clean: ${e.message}\n`);
        return EXIT.usage;
      }
      throw e;
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
  },
};
