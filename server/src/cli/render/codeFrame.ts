/**
 * A code frame: the source line of a finding with a caret/underline under its exact range.
 *
 *     12 |       logicalType: strng
 *        |                    ^^^^^
 *
 * Columns are UTF-16 units (what the engine and editors count). A multi-line range is underlined on its first line
 * only, to the end of that line. Tabs in the line are kept in the underline's indentation so the carets align in
 * any terminal; very long lines (minified or generated YAML) are cut to a window around the range.
 */
import type { Severity } from '../../engine/findings.js';
import type { ReportLocation } from '../../engine/report/model.js';
import type { LineIndex } from '../../engine/text/lineIndex.js';
import type { Palette } from './colors.js';

/** Longest slice of a source line shown; the window is placed so that the range start is visible. */
const MAX_SHOWN = 160;
const CONTEXT_BEFORE = 40;

export function codeFrame(lines: LineIndex, loc: ReportLocation, severity: Severity, p: Palette): string[] {
  const lineNo = loc.line - 1;
  if (lineNo < 0 || lineNo >= lines.lineCount) return [];
  const full = lines.lineText(lineNo);
  const startCol = Math.min(loc.column - 1, full.length);
  const endCol = loc.endLine === loc.line ? Math.max(startCol + 1, Math.min(loc.endColumn - 1, full.length)) : Math.max(startCol + 1, full.length);

  // Cut a window out of long lines.
  let from = 0;
  let to = full.length;
  if (full.length > MAX_SHOWN) {
    from = Math.max(0, startCol - CONTEXT_BEFORE);
    to = Math.min(full.length, from + MAX_SHOWN);
  }
  const lead = from > 0 ? '…' : '';
  const shown = lead + full.slice(from, to) + (to < full.length ? '…' : '');
  const caretStart = lead.length + startCol - from;
  const caretLen = Math.max(1, Math.min(endCol, to) - startCol);

  const gutter = String(loc.line);
  const pad = ' '.repeat(gutter.length);
  const indent = [...shown.slice(0, caretStart)].map((c) => (c === '\t' ? '\t' : ' ')).join('');
  return [
    `  ${p.dim(gutter + ' |')} ${shown}`,
    `  ${p.dim(pad + ' |')} ${indent}${p.caret(severity, '^'.repeat(caretLen))}`,
  ];
}
