/**
 * Where a clean run writes, and the promises it keeps about it:
 *  - the source is never a target: an output path that is a source file is refused even with --force, and --out
 *    may be a source's folder only with --force;
 *  - an existing output is refused without --force;
 *  - every file is written under a hidden temporary name in the output folder and renamed to its final name only
 *    when all of them are complete, so a run killed at any moment leaves no half-written file under a final name.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { realpathOrSelf } from '../files.js';
import { CleanRefused, type CleanFormat } from './types.js';

export const REPORT_JSON = 'clean-report.json';
export const REPORT_TEXT = 'clean-report.txt';

export function extensionOf(format: CleanFormat): string {
  return format;
}

export function outputNames(schema: string, format: CleanFormat): { cleaned: string; quarantine: string } {
  const safe = schema.replace(/[\\/\0]/g, '_');
  return { cleaned: `${safe}.${extensionOf(format)}`, quarantine: `${safe}.quarantine.${extensionOf(format)}` };
}

/** Refuses a run whose outputs would touch a source or overwrite something, before anything is read. */
export function assertOutputsAllowed(outDir: string, finals: string[], sourcePaths: string[], force: boolean): void {
  const out = realpathOrSelf(outDir);
  const sources = new Set(sourcePaths.map(realpathOrSelf));
  const clash = finals.map((f) => join(out, f)).find((f) => sources.has(realpathOrSelf(f)));
  if (clash) throw new CleanRefused(`${clash} is a source file of this run: clean never writes over its input. Choose another --out.`);
  const sourceDirs = new Set(sourcePaths.map((p) => realpathOrSelf(dirname(p))));
  if (sourceDirs.has(out) && !force) throw new CleanRefused(`--out ${outDir} is the folder of the source data: refused (the outputs would sit among the inputs). Choose another folder, or pass --force.`);
  const existing = finals.filter((f) => existsSync(join(out, f)));
  if (existing.length && !force) throw new CleanRefused(`${outDir} already holds ${existing.join(', ')}: refused to overwrite. Pass --force to replace them, or choose another --out.`);
}

/** Temporary names in the output folder, renamed together at the end; removed if the run fails or is cancelled. */
export class PendingOutputs {
  private readonly pending: { temp: string; final: string }[] = [];
  private readonly tag = `${process.pid}-${Date.now().toString(36)}`;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A temporary path for the file that will be renamed to `final` (a name in the output folder). */
  temp(final: string): string {
    const temp = join(this.dir, `.${final}.tmp-${this.tag}`);
    this.pending.push({ temp, final: join(this.dir, final) });
    return temp;
  }

  /** Renames every temporary file to its final name (data first, reports last). */
  commit(): string[] {
    const done: string[] = [];
    for (const p of this.pending) {
      renameSync(p.temp, p.final);
      done.push(p.final);
    }
    this.pending.length = 0;
    return done;
  }

  discard(): void {
    for (const p of this.pending) rmSync(p.temp, { force: true });
    this.pending.length = 0;
  }
}
