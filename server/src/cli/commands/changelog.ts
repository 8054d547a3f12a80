/**
 * `contractlens changelog [paths…] --base REF`: the same comparison as `diff`, written as Markdown for a pull-request
 * comment (breaking changes first, whom each one breaks, old and new values). Always exits 0 when the comparison ran:
 * failing the build is `diff`'s job.
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { renderChangelog, type FailOn } from '../../engine/diff/summary.js';
import { choiceOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { runDiff } from './diff.js';

const OPTIONS = { base: { type: 'string' }, output: { type: 'string', short: 'o' }, 'fail-on': { type: 'string' } } as const;

const USAGE = `contractlens changelog [paths…] [--base REF] [--output FILE]

Writes a Markdown summary of the contract changes against a git revision, for a pull-request comment or a CI step
summary. Same comparison and base as "contractlens diff".

Options:
  --base REF           git revision to compare with (default: merge base with the default branch, else HEAD)
  --fail-on LEVEL      which contracts the summary marks as failing: breaking (default), warning, never
  -o, --output FILE    write the Markdown to FILE instead of stdout

Exit codes: 0 written, 2 usage error, not a git repository, unknown base, unreadable contract.`;

export const changelogCommand: Command = {
  name: 'changelog',
  summary: 'Markdown summary of contract changes against a git revision (for PR comments)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const failOn: FailOn = choiceOption(args.values, 'fail-on', ['breaking', 'warning', 'never'] as const) ?? 'breaking';
    const run = await runDiff(args.positionals, args.values.base, io, 'changelog');
    if (typeof run === 'number') return run;
    for (const p of run.problems) io.stderr(`contractlens changelog: ${p}\n`);
    const md = renderChangelog(run.sets, run.base.description, failOn);
    if (args.values.output) {
      const file = resolve(io.cwd, args.values.output);
      try {
        await fs.writeFile(file, md, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot write --output ${file}: ${(e as Error).message}`);
      }
    } else io.stdout(md);
    return run.problems.length ? EXIT.usage : EXIT.clean;
  },
};
