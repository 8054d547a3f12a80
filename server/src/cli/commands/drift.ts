/**
 * `contractlens drift [paths or globs…]`: each contract's declared properties against the columns its data has.
 * One DuckDB session for all given contracts. Exit 1 on any drift (CL201-CL204) or unreadable source (CL210).
 */
import { contractDrift } from '../../engine/data/drift.js';
import { openContractSession } from '../../engine/data/open.js';
import type { Finding, Severity } from '../../engine/findings.js';
import type { Contract } from '../../engine/model/types.js';
import type { Report, ReportEntry } from '../../engine/report/model.js';
import { LineIndex } from '../../engine/text/lineIndex.js';
import { readContractFile } from '../../engine/workspace/files.js';
import { WorkspaceIndex } from '../../engine/workspace/index.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { FAIL_ON_OPTIONS, FAIL_ON_USAGE, failOnOption, failsAt } from '../failOn.js';
import { resolveInputs } from '../inputs.js';
import { OUTPUT_OPTIONS, resolveOutput, writeOutput } from '../output.js';
import { displayPath, findingEntry, locate } from '../render/fromFindings.js';
import { DATA_FLAGS, DATA_FLAGS_USAGE, dataAccessOptions, printPathNotes } from './dataOptions.js';

const OPTIONS = { ...OUTPUT_OPTIONS, ...DATA_FLAGS, ...FAIL_ON_OPTIONS } as const;

const USAGE = `contractlens drift [paths or globs…] [options]

Compares each contract's properties with the columns of its data (read with DuckDB from the contract's server):
columns missing from the data (CL201), columns not in the contract (CL202), type mismatches (CL203, see
docs/data-types.md), required properties over nullable database columns (CL204), unreadable sources (CL210).
Default path: the current folder.

Options:
  -f, --format FORMAT          text (default), json, sarif, junit, github, markdown
  -o, --output FILE            write the report to FILE
${DATA_FLAGS_USAGE}
${FAIL_ON_USAGE} (default: any drift fails)

Exit codes: 0 no drift, 1 drift (at --fail-on when given) or a data source that cannot be read, 2 usage error or unreadable contract.`;

/** The documented `--format json` shape (1-based positions, endColumn exclusive). */
export interface DriftJson {
  files: { path: string; findings: { code: string; severity: Severity; message: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Compare contracts with the columns and types of their data (DuckDB)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const target = resolveOutput(args.values, io);
    const failOn = failOnOption(args.values);
    const access = dataAccessOptions(args.values, io);
    const inputs = await resolveInputs(args.positionals, io.cwd);
    let usage = false;
    for (const { arg, reason } of inputs.unreadable) {
      io.stderr(`contractlens drift: cannot read ${arg}: ${reason}.\n`);
      usage = true;
    }
    for (const { arg } of inputs.unmatched) {
      io.stderr(`contractlens drift: no contract files in ${arg}.\n`);
      usage = true;
    }

    const index = new WorkspaceIndex();
    const loaded: { path: string; display: string; contract: Contract; text: string }[] = [];
    for (const file of inputs.files) {
      const read = await readContractFile(file);
      const display = displayPath(file, io.cwd);
      if (!read.ok) {
        io.stderr(`contractlens drift: ${read.message.replace(file, display)}\n`);
        usage = true;
        continue;
      }
      const doc = index.set(read.uri, read.text);
      if (!doc.contract) {
        io.stderr(`contractlens drift: ${display} is not a contract (not a YAML mapping).\n`);
        usage = true;
        continue;
      }
      loaded.push({ path: file, display, contract: doc.contract, text: read.text });
    }

    const report: Report = { tool: 'drift', entries: [], files: [] };
    const json: DriftJson = { files: [] };
    const sources = new Map<string, string>();
    if (loaded.length) {
      printPathNotes('drift', io, loaded, access);
      const { session } = await openContractSession(loaded.map((l) => ({ contract: l.contract, path: l.path })), { ...access, cwd: io.cwd });
      try {
        for (const l of loaded) {
          const noServer = session.sourceErrors().find((e) => e.contractUri === l.contract.uri && e.reason === 'no-data-server');
          if (noServer) io.stderr(`contractlens drift: ${l.display}: skipped: ${noServer.message}\n`);
          const findings: Finding[] = contractDrift(session, l.contract, l.text);
          const lines = new LineIndex(l.text);
          const entries: ReportEntry[] = findings.map((f) => findingEntry('drift', f, locate(l.display, lines, f.range)));
          report.files.push(l.display);
          sources.set(l.display, l.text);
          report.entries.push(...entries);
          json.files.push({ path: l.display, findings: entries.map((e) => ({ code: e.code, severity: e.severity, message: e.message, line: e.location!.line, column: e.location!.column, endLine: e.location!.endLine, endColumn: e.location!.endColumn })) });
        }
      } finally {
        await session.close();
      }
    }
    if (report.files.length || target.format !== 'text') await writeOutput(target, { report, json, source: (p) => sources.get(p) }, io);
    if (usage) return EXIT.usage;
    if (failOn) return failsAt(report.entries.map((e) => e.severity), failOn) ? EXIT.findings : EXIT.clean;
    return report.entries.length > 0 ? EXIT.findings : EXIT.clean;
  },
};
