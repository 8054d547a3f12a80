/** What every output format renders: the normalized report, plus what some formats need besides. */
import type { Report } from '../../engine/report/model.js';

export interface RenderInput {
  report: Report;
  /** The command's own documented JSON (printed by `--format json`); the report itself when a command has none. */
  json?: unknown;
  /** Source text of a file by its report path, for code frames; undefined when not available (binary file…). */
  source?: (path: string) => string | undefined;
  /** ANSI colours (only when writing to a TTY without NO_COLOR). */
  color: boolean;
}

/** Turns one run's results into the text written to stdout or `--output FILE`. */
export type Renderer = (input: RenderInput) => string;
