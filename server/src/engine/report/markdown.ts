/**
 * Markdown for GitHub step summaries ($GITHUB_STEP_SUMMARY), merge-request notes and PR comments: a heading, the
 * counts, and one table row per entry that needs attention. Cells are escaped so a message can never break the
 * table; long runs are cut (a step summary holds at most 1 MiB).
 */
import type { Severity } from '../findings.js';
import type { Report, ReportEntry } from './model.js';

const MAX_ROWS = 500;
const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️', hint: '💡' };

export function renderMarkdown(report: Report): string {
  const label = (s: Severity) => (report.tool === 'diff' ? ({ error: 'breaking', warning: 'warning', info: 'info', hint: 'info' } as const)[s] : s);
  const listed = report.entries.filter((e) => e.status !== 'passed' && e.status !== 'skipped');
  const passed = report.entries.filter((e) => e.status === 'passed').length;
  const skipped = report.entries.filter((e) => e.status === 'skipped').length;
  const counts = new Map<Severity, number>();
  for (const e of listed) counts.set(e.severity, (counts.get(e.severity) ?? 0) + 1);

  const out: string[] = [`## Contract Lens ${report.tool}`, ''];
  const parts = (['error', 'warning', 'info', 'hint'] as Severity[]).filter((s) => counts.has(s)).map((s) => `${ICON[s]} ${counts.get(s)} ${label(s)}${counts.get(s) !== 1 && ['error', 'warning', 'hint'].includes(label(s)) ? 's' : ''}`);
  if (passed) parts.push(`✅ ${passed} passed`);
  if (skipped) parts.push(`${skipped} skipped`);
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  out.push(listed.length === 0 ? `✅ No problems in ${files}${passed ? ` (${passed} checks passed)` : ''}.` : `${parts.join(' · ')} in ${files}.`, '');
  if (listed.length === 0) return out.join('\n');

  out.push('| | Location | Code | Message |', '|---|---|---|---|');
  for (const e of listed.slice(0, MAX_ROWS)) {
    out.push(`| ${ICON[e.severity]} ${label(e.severity)} | ${cell(location(e))} | ${codeCell(e)} | ${cell(e.message)} |`);
  }
  if (listed.length > MAX_ROWS) out.push('', `…and ${listed.length - MAX_ROWS} more (see the full report).`);
  out.push('');
  return out.join('\n');
}

function location(e: ReportEntry): string {
  return e.location ? `${e.location.path}:${e.location.line}` : (e.group ?? '');
}

function codeCell(e: ReportEntry): string {
  const code = cell(e.code);
  return e.helpUri ? `[${code}](${e.helpUri.replace(/[()\s]/g, encodeURIComponent)})` : code;
}

/** Inside a table cell: `|` would end the cell, a newline the row; markup characters are escaped, not interpreted. */
export function cell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/([`*_[\]<>|#~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}
