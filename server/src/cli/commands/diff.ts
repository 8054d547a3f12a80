/**
 * `contractlens diff [paths…] --base REF`: breaking changes of contracts against a git revision.
 *
 * Each contract is read at REF with git (no checkout, the working tree is never touched) and compared with the
 * working copy; contracts present on one side only are added or deleted. The classification (breaking / warning /
 * info, and whom a change breaks) is documented in docs/breaking-changes.md.
 *
 * Exit codes: 0 nothing at or above --fail-on (default: breaking), or only in contracts whose `version` got a new
 * major number (the break is announced); 1 otherwise; 2 usage error, not a git repository, unknown base, a contract
 * that cannot be read or parsed on either side.
 */
import { resolve } from 'node:path';
import { DIFF_RULES, levelSeverity } from '../../engine/diff/changes.js';
import { countLevels, failsRun, summarize, valueText, type ContractChangeSet, type FailOn } from '../../engine/diff/summary.js';
import { diffContracts, PathOutsideRepository, type ContractDiff } from '../../engine/diff/versions.js';
import { defaultBase, GitError, repositoryRoot, resolveCommit } from '../../engine/git/git.js';
import type { Report, ReportEntry } from '../../engine/report/model.js';
import { ruleDocUrl, ruleInfo } from '../../engine/rules/catalog.js';
import { choiceOption, parseCommandArgs } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { EXIT } from '../command.js';
import { OUTPUT_OPTIONS, resolveOutput, writeOutput } from '../output.js';
import { displayPath } from '../render/fromFindings.js';

void DIFF_RULES; // the import registers the CL3xx codes

/** Git's empty tree: the base of a repository without commits. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const OPTIONS = { ...OUTPUT_OPTIONS, base: { type: 'string' }, 'fail-on': { type: 'string' } } as const;

const USAGE = `contractlens diff [paths…] [--base REF] [options]

Compares each contract with its version at a git revision and classifies every change as breaking, warning or info,
saying whom it can break (consumers, producers and existing data). See docs/breaking-changes.md.
Paths: folders or contract files (default: the current folder). Contracts added or deleted since REF are included.

Options:
  --base REF                   git revision to compare with (default: the merge base of HEAD with the default
                               branch — origin/HEAD, main or master — else HEAD)
  --fail-on LEVEL              breaking (default), warning or never
  -f, --format FORMAT          text (default), json, sarif, junit, github, markdown
  -o, --output FILE            write the report to FILE; its extension picks the format (.json .sarif .xml .md)

Exit codes: 0 no change at or above --fail-on (or only in contracts whose version got a new major number),
1 such changes, 2 usage error, not a git repository, unknown base revision, unreadable contract.`;

/** The documented `--format json` shape. */
export interface DiffJson {
  base: { ref: string; commit: string };
  failOn: FailOn;
  summary: { breaking: number; warning: number; info: number; failed: boolean };
  contracts: (ContractChangeSet & { fails: boolean })[];
}

export interface DiffRun {
  base: { ref: string; commit: string; description: string };
  sets: ContractChangeSet[];
  /** Files that could not be compared (exit 2). */
  problems: string[];
}

/** Shared with `changelog`: resolves the repository and the base, reads both versions, compares. */
export async function runDiff(positionals: string[], baseArg: string | undefined, io: CliIO, command: string): Promise<DiffRun | number> {
  let root: string | undefined;
  try {
    root = await repositoryRoot(io.cwd);
  } catch (e) {
    io.stderr(`contractlens ${command}: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  if (!root) {
    io.stderr(`contractlens ${command}: ${io.cwd} is not inside a git repository; diff compares contracts with a git revision.\n`);
    return EXIT.usage;
  }
  let base: DiffRun['base'] | undefined;
  if (baseArg !== undefined) {
    const commit = await resolveCommit(root, baseArg);
    if (!commit) {
      io.stderr(`contractlens ${command}: the base revision "${baseArg}" does not exist in this repository. Use a branch, tag or commit that exists locally (in CI, fetch it first, e.g. git fetch origin main --depth=50).\n`);
      return EXIT.usage;
    }
    base = { ref: baseArg, commit, description: `${baseArg} (${commit.slice(0, 12)})` };
  } else {
    // No commit yet (the first commit of a repository, run from a pre-commit hook): every contract is new.
    base = (await defaultBase(root)) ?? { ref: EMPTY_TREE, commit: EMPTY_TREE, description: 'an empty repository (no commit yet)' };
  }
  const paths = (positionals.length ? positionals : ['.']).map((p) => resolve(io.cwd, p));
  let diffs: ContractDiff[];
  try {
    diffs = await diffContracts(root, base.commit, paths);
  } catch (e) {
    if (e instanceof PathOutsideRepository || e instanceof GitError) {
      io.stderr(`contractlens ${command}: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  const problems = diffs.filter((d) => d.error).map((d) => d.error!);
  return { base, sets: summarize(diffs, (abs) => displayPath(abs, io.cwd)), problems };
}

export function diffReport(sets: ContractChangeSet[]): Report {
  const entries: ReportEntry[] = [];
  for (const s of sets) {
    for (const c of s.changes) {
      const values = valueText(c);
      const breaks = c.breaks.length ? ` Breaks ${c.breaks.join(' and ')}.` : '';
      entries.push({
        tool: 'diff',
        code: c.code,
        title: ruleInfo(c.code)?.title ?? c.code,
        severity: levelSeverity(c.level),
        message: `${c.message}${breaks}${values ? ` (${values})` : ''}${c.side === 'old' ? ' [line of the base version]' : ''}${c.level === 'breaking' && s.majorVersionBump ? ' [announced by a major version bump]' : ''}`,
        location: { path: s.path, line: c.line, column: c.column, endLine: c.endLine, endColumn: c.endColumn },
        group: s.path,
        helpUri: ruleDocUrl(c.code),
      });
    }
  }
  return { tool: 'diff', entries, files: sets.map((s) => s.path) };
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Breaking changes of contracts against a git revision',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const failOn = choiceOption(args.values, 'fail-on', ['breaking', 'warning', 'never'] as const) ?? 'breaking';
    const target = resolveOutput(args.values, io);
    const run = await runDiff(args.positionals, args.values.base, io, 'diff');
    if (typeof run === 'number') return run;
    for (const p of run.problems) io.stderr(`contractlens diff: ${p}\n`);

    const failed = run.sets.some((s) => failsRun(s, failOn));
    const json: DiffJson = {
      base: { ref: run.base.ref, commit: run.base.commit },
      failOn,
      summary: { ...countLevels(run.sets), failed },
      contracts: run.sets.map((s) => ({ ...s, fails: failsRun(s, failOn) })),
    };
    // Nothing compared (every path unreadable): stderr says why; a text "No problems in 0 files" would read as a pass.
    const nothingCompared = run.sets.length === 0 && run.problems.length > 0 && target.format === 'text';
    if (target.format === 'text' && !target.file && !nothingCompared) io.stdout(`Comparing with ${run.base.description}\n`);
    if (!nothingCompared) await writeOutput(target, { report: diffReport(run.sets), json }, io);
    if (target.format === 'text' && !target.file) {
      for (const s of run.sets) {
        if (s.majorVersionBump && s.changes.some((c) => c.level === 'breaking')) io.stdout(`${s.path}: version ${s.versionBefore} → ${s.versionAfter} is a major version bump; its breaking changes are reported but do not fail.\n`);
      }
    }
    if (run.problems.length) return EXIT.usage;
    return failed ? EXIT.findings : EXIT.clean;
  },
};
