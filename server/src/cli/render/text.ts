/**
 * The human format: one block per finding, grouped by file, then a summary line.
 *
 *   contracts/orders.odcs.yaml:12:20  error  Unknown logicalType "strng": did you mean "string"?  CL023
 *     12 |       logicalType: strng
 *        |                    ^^^^^
 *
 *   2 errors, 1 warning in 2 files (6 checked)
 *
 * The first line of each block is `path:line:col  severity  message  CODE`, which the VS Code problem matcher
 * `$contractlens` and most CI log viewers parse. Passed checks are counted, not listed.
 */
import type { Severity } from '../../engine/findings.js';
import type { ReportEntry } from '../../engine/report/model.js';
import { LineIndex } from '../../engine/text/lineIndex.js';
import { codeFrame } from './codeFrame.js';
import { palette } from './colors.js';
import type { RenderInput } from './types.js';

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

export function renderText({ report, source, color }: RenderInput): string {
  const p = palette(color);
  const listed = report.entries.filter((e) => e.status !== 'passed' && e.status !== 'skipped');
  const byFile = new Map<string, ReportEntry[]>();
  for (const e of listed) {
    const key = e.location?.path ?? e.group ?? '';
    (byFile.get(key) ?? byFile.set(key, []).get(key)!).push(e);
  }
  const out: string[] = [];
  for (const [path, entries] of byFile) {
    const text = path ? source?.(path) : undefined;
    const lines = text !== undefined ? new LineIndex(text) : undefined;
    for (const e of entries) {
      const where = e.location ? `${e.location.path}:${e.location.line}:${e.location.column}` : path || report.tool;
      out.push(`${p.bold(where)}  ${p.severity(e.severity, e.severity)}  ${e.message}  ${p.dim(e.code)}`);
      if (lines && e.location) out.push(...codeFrame(lines, e.location, e.severity, p));
      out.push('');
    }
  }
  out.push(summaryLine(report.entries, report.files.length, byFile.size, p.bold));
  return out.join('\n') + '\n';
}

function summaryLine(entries: ReportEntry[], filesChecked: number, filesWithFindings: number, bold: (s: string) => string): string {
  const counts = new Map<Severity, number>();
  let passed = 0;
  for (const e of entries) {
    if (e.status === 'passed') passed++;
    else if (e.status !== 'skipped') counts.set(e.severity, (counts.get(e.severity) ?? 0) + 1);
  }
  const passedText = passed ? `, ${plural(passed, 'check')} passed` : '';
  if (counts.size === 0) return `No problems in ${plural(filesChecked, 'file')}${passedText}.`;
  const parts = ORDER.filter((s) => counts.has(s)).map((s) => plural(counts.get(s)!, s === 'info' ? 'info' : s));
  const where = filesWithFindings < filesChecked ? `in ${plural(filesWithFindings, 'file')} (${filesChecked} checked)` : `in ${plural(filesWithFindings, 'file')}`;
  return bold(`${parts.join(', ')} ${where}`) + passedText;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}
