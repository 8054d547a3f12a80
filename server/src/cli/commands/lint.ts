/**
 * `contractlens lint [paths or globs…]`: the engine's findings for contract files, for people (code frames) and CI
 * (json and the formats of output.ts).
 *
 * All files go into ONE WorkspaceIndex, so relationships between contracts resolve as in the editor. Files named
 * one by one (a pre-commit hook passes the staged files) also get the contracts beside them as context: they are
 * indexed so `orders.user_id → users.user_id` resolves, but not reported on.
 *
 * Exit codes: 0 no error (warnings allowed unless --max-warnings is exceeded), 1 any error or too many warnings,
 * 2 usage error or unreadable input (a path that does not exist or cannot be read), and also when a folder or glob
 * holds no contract at all (ESLint's choice: a CI job that lints nothing is almost always misconfigured);
 * `--no-error-on-unmatched-pattern` makes that case exit 0.
 */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../../engine/analyze.js';
import { sharedSqlParser } from '../../engine/data/sqlParser.js';
import type { Finding, Severity } from '../../engine/findings.js';
import { isContract } from '../../engine/model/detect.js';
import type { Report, ReportEntry } from '../../engine/report/model.js';
import type { SqlParser } from '../../engine/rules/sqlSyntax.js';
import { LineIndex } from '../../engine/text/lineIndex.js';
import type { ContractDocument } from '../../engine/workspace/document.js';
import { readContractFile } from '../../engine/workspace/files.js';
import { WorkspaceIndex } from '../../engine/workspace/index.js';
import { integerOption, parseCommandArgs } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { EXIT } from '../command.js';
import { FAIL_ON_OPTIONS, FAIL_ON_USAGE, failOnOption, failsAt } from '../failOn.js';
import { resolveInputs } from '../inputs.js';
import { OUTPUT_OPTIONS, resolveOutput, writeOutput } from '../output.js';
import { displayPath, findingEntry, locate } from '../render/fromFindings.js';

const OPTIONS = {
  ...OUTPUT_OPTIONS,
  ...FAIL_ON_OPTIONS,
  'max-warnings': { type: 'string' },
  'no-error-on-unmatched-pattern': { type: 'boolean' },
} as const;

const USAGE = `contractlens lint [paths or globs…] [options]

Validates contracts: YAML syntax, ODCS/DCS structure, semantic rules across all given contracts, SQL syntax.
Paths: folders (searched for contract files), files (linted whatever their name) or quoted globs ("contracts/**/*.yaml").
Default: the current folder.

Options:
  -f, --format FORMAT          text (default), json, or another registered format (sarif, junit, github, markdown)
  -o, --output FILE            write the report to FILE; its extension picks the format (.json .sarif .xml .md)
${FAIL_ON_USAGE} (default: error)
  --max-warnings N             exit 1 when there are more than N warnings (default: warnings never fail)
  --no-error-on-unmatched-pattern
                               exit 0 instead of 2 when a folder or glob holds no contract

Exit codes: 0 no errors, 1 errors (or more than --max-warnings warnings, or findings at --fail-on), 2 usage error, unreadable input, or no
contract found.`;

/** The documented `--format json` shape. Positions are 1-based; endColumn is exclusive. */
export interface LintJson {
  files: { path: string; diagnostics: { code: string; severity: Severity; message: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Validate contracts: YAML, ODCS structure and semantic rules',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const maxWarnings = integerOption(args.values, 'max-warnings', { min: 0 });
    const failOn = failOnOption(args.values);
    const target = resolveOutput(args.values, io);

    const inputs = await resolveInputs(args.positionals, io.cwd);
    let unreadable = false;
    for (const { arg, reason } of inputs.unreadable) {
      io.stderr(`contractlens lint: cannot read ${arg}: ${reason}.\n`);
      unreadable = true;
    }
    let noContracts = false;
    for (const { arg, kind } of inputs.unmatched) {
      io.stderr(kind === 'folder' ? `contractlens lint: ${arg} is a folder with no contract files in it.\n` : `contractlens lint: no file matches ${arg}.\n`);
    }
    if (inputs.unmatched.length) {
      io.stderr('  A contract is a *.odcs.yaml, *.contract.yaml or datacontract*.yaml file, or a YAML file declaring "kind: DataContract" or "dataContractSpecification".\n');
      noContracts = !args.values['no-error-on-unmatched-pattern'];
    }

    // DuckDB's parser checks quality SQL (CL123): the CLI is trusted. It loads DuckDB only when a query is met.
    const sqlParser = sharedSqlParser();
    let run: LintRun;
    try {
      run = await lintFiles(inputs.files, inputs.explicit, io, sqlParser);
    } finally {
      await sqlParser.close();
    }
    for (const msg of run.problems) io.stderr(`contractlens lint: ${msg}\n`);
    // Nothing linted: the message above says why; a text "No problems in 0 files" would only mislead. Machine
    // formats still get their (empty) document so that a CI step reading it does not fail on a missing file.
    if (run.report.files.length > 0 || target.format !== 'text') {
      await writeOutput(target, { report: run.report, json: run.json, source: (p) => run.sources.get(p) }, io);
    }

    const errors = run.report.entries.filter((e) => e.severity === 'error').length;
    const warnings = run.report.entries.filter((e) => e.severity === 'warning').length;
    if (unreadable || noContracts || run.problems.length) return EXIT.usage;
    if (failOn) return failsAt(run.report.entries.map((e) => e.severity), failOn) ? EXIT.findings : EXIT.clean;
    if (errors > 0) return EXIT.findings;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`contractlens lint: ${warnings} warnings: more than --max-warnings ${maxWarnings}.\n`);
      return EXIT.findings;
    }
    return EXIT.clean;
  },
};

export interface LintRun {
  report: Report;
  json: LintJson;
  /** Text of each reported file by display path, for code frames. */
  sources: Map<string, string>;
  /** Files that could not be read or analysed (exit 2). */
  problems: string[];
}

/** Lints `files` (absolute paths) as one workspace. Exported for commands that lint first (check, drift). */
export async function lintFiles(files: string[], explicit: Set<string>, io: CliIO, sqlParser?: SqlParser): Promise<LintRun> {
  const index = new WorkspaceIndex();
  const run: LintRun = { report: { tool: 'lint', entries: [], files: [] }, json: { files: [] }, sources: new Map(), problems: [] };
  const docs: { path: string; doc: ContractDocument; displayText?: string; readErrorLine?: number }[] = [];

  for (const file of files) {
    const read = await readContractFile(file);
    const path = displayPath(file, io.cwd);
    if (read.ok) {
      docs.push({ path, doc: index.set(read.uri, read.text) });
    } else if (read.io) {
      run.problems.push(read.message.replace(file, path));
    } else {
      // Binary, invalid UTF-8 or too large: a CL004 finding at the line of the first bad byte.
      const doc = index.setUnreadable(read.uri, read.message, read.line);
      docs.push({ path, doc, readErrorLine: read.line, displayText: await lossyText(file) });
    }
  }
  await addContext(index, [...explicit]);

  for (const { path, doc, displayText, readErrorLine } of docs) {
    let findings: Finding[];
    try {
      findings = await analyzeDocument(doc, index, { sqlParser });
    } catch (e) {
      // An engine bug must not hide the other files' results; it still fails the run (exit 2).
      run.problems.push(`internal error while linting ${path}: ${(e as Error)?.stack ?? e}`);
      continue;
    }
    const text = displayText ?? doc.text;
    const lines = new LineIndex(text);
    run.report.files.push(path);
    if (text) run.sources.set(path, text);
    const entries: ReportEntry[] = findings.map((f) => {
      // A read error's finding sits at offset 0 of an empty text: place it at the line of the bad byte (a binary
      // file has no text to show, only that line number).
      if (readErrorLine === undefined) return findingEntry('lint', f, locate(path, lines, f.range));
      if (readErrorLine < lines.lineCount && text) return findingEntry('lint', f, locate(path, lines, lineRange(lines, readErrorLine)));
      return findingEntry('lint', f, { path, line: readErrorLine + 1, column: 1, endLine: readErrorLine + 1, endColumn: 1 });
    });
    run.report.entries.push(...entries);
    run.json.files.push({
      path,
      diagnostics: entries.map((e) => ({ code: e.code, severity: e.severity, message: e.message, ...e.location! })).map(({ path: _p, ...d }) => d),
    });
  }
  return run;
}

/** The whole line (without its line break), or an empty range on an empty line. */
function lineRange(lines: LineIndex, line: number): { start: number; end: number } {
  return { start: lines.lineStart(line), end: lines.lineEnd(line) };
}

/** Invalid UTF-8 shown with replacement characters so the code frame points at the bad line; binary: nothing. */
async function lossyText(file: string): Promise<string | undefined> {
  try {
    const bytes = await fs.readFile(file);
    if (bytes.includes(0)) return undefined;
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

/** Contracts beside the explicitly named files, indexed (not reported) so relationships between them resolve. */
async function addContext(index: WorkspaceIndex, explicitFiles: string[]): Promise<void> {
  const dirs = new Set(explicitFiles.map((f) => dirname(f)));
  for (const dir of dirs) {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const file = join(dir, name);
      const uri = pathToFileURL(file).toString();
      if (index.has(uri) || !/\.ya?ml$/i.test(name)) continue;
      const read = await readContractFile(file);
      if (read.ok && isContract(file, read.text)) index.set(uri, read.text);
    }
  }
}

