/**
 * `--format` and `--output FILE` for every command (lint, drift, check, reconcile, diff…): one registry of renderers,
 * each turning the run's normalized `Report` (engine/report/model.ts) into text.
 *
 * A command does:
 *
 *   const args = parseCommandArgs(argv, { ...OUTPUT_OPTIONS, ...own options });
 *   const target = resolveOutput(args.values, io);       // validates the format before any work is done
 *   …run…
 *   await writeOutput(target, { report, json: nativeJson, source }, io);
 *
 * REGISTERING A FORMAT is one line in `RENDERERS` below. A renderer is `(input: RenderInput) => string`; engine
 * renderers take the report only, so the line is usually
 *
 *   sarif: ({ report }) => renderSarif(report),
 *
 * with its import at the top. `FORMAT_BY_EXTENSION` maps `--output` file extensions to a format when `--format` is
 * not given.
 */
import { promises as fs } from 'node:fs';
import { extname, resolve } from 'node:path';
import { renderGithub } from '../engine/report/github.js';
import { renderJunit } from '../engine/report/junit.js';
import { renderMarkdown } from '../engine/report/markdown.js';
import { renderSarif } from '../engine/report/sarif.js';
import type { CliIO } from './command.js';
import { UsageError } from './command.js';
import { renderJson } from './render/json.js';
import { renderText } from './render/text.js';
import type { Renderer, RenderInput } from './render/types.js';

export type { Renderer, RenderInput } from './render/types.js';

const RENDERERS: Record<string, Renderer> = {
  text: renderText,
  json: renderJson,
  sarif: ({ report }) => renderSarif(report),
  junit: ({ report }) => renderJunit(report),
  github: ({ report }) => renderGithub(report),
  markdown: ({ report }) => renderMarkdown(report),
};

/** `--output report.sarif` without `--format` writes SARIF, and so on. */
export const FORMAT_BY_EXTENSION: Record<string, string> = { '.sarif': 'sarif', '.xml': 'junit', '.json': 'json', '.md': 'markdown' };

/** The options every command accepts; spread them into the command's own option specs. */
export const OUTPUT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
} as const;

export function availableFormats(): string[] {
  return Object.keys(RENDERERS);
}

export interface OutputTarget {
  format: string;
  /** Absolute path of `--output`; undefined: stdout. */
  file?: string;
}

/**
 * Chooses the format: `--format`, else from the `--output` extension, else text. An unknown or unregistered format is
 * a usage error (exit 2) raised before the command does any work.
 */
export function resolveOutput(values: { format?: string; output?: string }, io: Pick<CliIO, 'cwd'>): OutputTarget {
  const file = values.output ? resolve(io.cwd, values.output) : undefined;
  let format = values.format;
  if (!format && file) format = FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
  format ??= 'text';
  if (!RENDERERS[format]) {
    const how = values.format ? `--format ${format}` : `the extension of ${values.output}`;
    throw new UsageError(`unknown output format "${format}" (from ${how}); available: ${availableFormats().join(', ')}.`);
  }
  return { format, file };
}

/** Renders and writes. Colours only on the terminal, never into a file. A file that cannot be written: exit 2. */
export async function writeOutput(target: OutputTarget, input: Omit<RenderInput, 'color'>, io: CliIO): Promise<void> {
  const render = RENDERERS[target.format];
  const text = render({ ...input, color: io.color && !target.file });
  if (!target.file) {
    io.stdout(text);
    return;
  }
  try {
    await fs.writeFile(target.file, text, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot write --output ${target.file}: ${(e as Error).message}`);
  }
}
